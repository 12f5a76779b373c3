"""Who may see campaign reports, as decisions with a reason.

Campaign pages themselves are pages: specialists add and edit them and submit them to
the "Specialist → Department head" workflow, heads publish them (page permissions on
the root, cms.roles). The report (KPI targets beside what was achieved, the posts and
their deliveries) is read by whoever plans or answers for campaigns: specialists,
heads and Administration (the model permission "campaigns.view_campaignpage",
granted in roles.py). Other departments and visitors see nothing of it.
"""

from django.utils.translation import gettext_lazy as _

from editorial.moderation.permissions import Decision, signed_in


def can_view_campaign_reports(user):
    if not signed_in(user) or not user.has_perm("campaigns.view_campaignpage"):
        return Decision(False, _("You may not see campaign reports."))
    return Decision(True, _("Allowed."))


def can_edit_campaign(user, campaign):
    """Editing the page: Wagtail's page permissions decide (the same as the editor)."""
    if not signed_in(user) or not campaign.permissions_for_user(user).can_edit():
        return Decision(False, _("You may not edit this campaign page."))
    return Decision(True, _("Allowed."))
