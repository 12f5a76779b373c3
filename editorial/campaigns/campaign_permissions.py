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


def library_root_paths(user, request=None):
    """The tree paths of the libraries (sites) whose campaigns and promotions `user`
    works with, or None for every library (IT). Looked up, never assumed: the site of
    the user's department; without one (Administration), the site of the request;
    outside a request, the default site. One query, kept on the user for the request."""
    from wagtail.models import Site

    if user.is_superuser:
        return None
    cached = getattr(user, "_sklaida_library_paths", None)
    if cached is not None:
        return cached
    rooted = Site.objects.filter(department__staff__user=user)
    paths = list(rooted.values_list("root_page__path", flat=True).distinct())
    if not paths:
        fallback = Site.find_for_request(request) if request is not None else None
        fallback = fallback or Site.objects.filter(is_default_site=True).first()
        paths = [fallback.root_page.path] if fallback else []
    user._sklaida_library_paths = paths
    return paths


def in_library(queryset, user, request=None, field="path"):
    """`queryset` (pages, or rows with a page at `field`) limited to the user's library."""
    from django.db.models import Q

    paths = library_root_paths(user, request)
    if paths is None:
        return queryset
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return queryset.filter(condition)
