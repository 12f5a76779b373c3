"""Who may read and change the pre-publish checklist rules, as decisions with a reason.

Heads decide the rules of their own library (the site of their department);
specialists read them; nobody changes another library's rules. The snippet views
(checklist_viewsets.py) and the live endpoint ask these functions."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from editorial.moderation.permissions import Decision, signed_in

ALLOWED = Decision(True, _("Allowed."))


def sites_of(user):
    """The library sites whose rules `user` works with: every site for a superuser,
    otherwise the site of the user's department."""
    if not signed_in(user):
        return Site.objects.none()
    if user.is_superuser:
        return Site.objects.all()
    profile = getattr(user, "staff_profile", None)
    department = getattr(profile, "department", None) if profile else None
    if department is None or not department.site_id:
        return Site.objects.none()
    return Site.objects.filter(pk=department.site_id)


def can_view_rules(user, site=None):
    if not signed_in(user) or not user.has_perm("campaigns.view_checklistrule"):
        return Decision(False, _("You may not see the checklist rules."))
    if site is not None and not sites_of(user).filter(pk=site.pk).exists():
        return Decision(False, _("These rules belong to another library."))
    return ALLOWED


def can_change_rules(user, site=None, action="change"):
    """May `user` add, change or delete (action) the rules of `site`?"""
    if not signed_in(user) or not user.has_perm(f"campaigns.{action}_checklistrule"):
        return Decision(False, _("Only the department head decides the checklist rules."))
    if site is not None and not sites_of(user).filter(pk=site.pk).exists():
        return Decision(False, _("These rules belong to another library."))
    return ALLOWED
