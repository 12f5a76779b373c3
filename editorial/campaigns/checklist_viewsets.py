"""The register of pre-publish checklist rules (a plain snippet: no drafts, no
moderation; the head's decision is the rule). Scoped to the user's library."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    InspectView,
    SnippetViewSet,
    UsageView,
)

from .checklist_permissions import can_change_rules, can_view_rules, sites_of
from .models import ChecklistRule


class ChecklistRulePolicy(ModelPermissionPolicy):
    """Model permissions (roles.py) narrowed to the rules of the user's own library."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        for action in actions:
            if action in ("add", "change", "delete"):
                decision = can_change_rules(user, instance.site, action)
            else:
                decision = can_view_rules(user, instance.site)
            if decision:
                return True
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return ChecklistRule.objects.none()
        return ChecklistRule.objects.filter(site__in=sites_of(user))


class ChecklistRuleForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "site" in self.fields:
            # A head chooses among their own library's sites only; a forged id is
            # refused as an invalid choice.
            sites = sites_of(self.for_user)
            self.fields["site"].queryset = sites
            if not self.instance.pk and len(sites) == 1:
                self.initial.setdefault("site", sites[0].pk)


class ChecklistRuleIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(site__in=sites_of(self.request.user))
            .select_related("site")
        )


class _OwnLibraryOnly:
    """Wagtail's edit, delete and inspect views check the model permission only;
    a rule of another library is refused here, with the decision's reason."""

    # Not "action": Wagtail's edit view keeps the pressed button there.
    rule_permission = "change"

    def get_object(self, *args, **kwargs):
        rule = super().get_object(*args, **kwargs)
        user = self.request.user
        if self.rule_permission == "view":
            decision = can_view_rules(user, rule.site)
        else:
            decision = can_change_rules(user, rule.site, self.rule_permission)
        if not decision:
            raise PermissionDenied(str(decision.reason))
        return rule


class ChecklistRuleEditView(_OwnLibraryOnly, EditView):
    rule_permission = "change"


class ChecklistRuleDeleteView(_OwnLibraryOnly, DeleteView):
    rule_permission = "delete"


class ChecklistRuleInspectView(_OwnLibraryOnly, InspectView):
    rule_permission = "view"


class ChecklistRuleHistoryView(_OwnLibraryOnly, HistoryView):
    rule_permission = "view"


class ChecklistRuleUsageView(_OwnLibraryOnly, UsageView):
    rule_permission = "view"


class ChecklistRuleViewSet(SnippetViewSet):
    model = ChecklistRule
    icon = "tasks"
    menu_label = _("Checklist rules")
    menu_name = "checklist-rules"
    menu_order = 153
    add_to_admin_menu = True
    edit_handler = ObjectList(ChecklistRule.panels, base_form_class=ChecklistRuleForm)
    index_view_class = ChecklistRuleIndexView
    edit_view_class = ChecklistRuleEditView
    delete_view_class = ChecklistRuleDeleteView
    inspect_view_class = ChecklistRuleInspectView
    history_view_class = ChecklistRuleHistoryView
    usage_view_class = ChecklistRuleUsageView
    copy_view_enabled = False  # a copy would show another library's rule in the form
    inspect_view_enabled = True
    inspect_view_fields = [
        "kind",
        "level",
        "applies_to",
        "active",
        "min_chars",
        "max_chars",
        "words",
        "network",
        "min_ratio",
        "max_ratio",
        "site",
    ]
    list_per_page = 25
    ordering = ["kind", "pk"]
    list_display = [
        Column("kind", label=_("Rule"), accessor="get_kind_display"),
        Column("level", label=_("Level"), accessor="get_level_display"),
        Column("applies_to", label=_("Applies to"), accessor="get_applies_to_display"),
        Column("active", label=_("Active")),
        Column("site", label=_("Library site")),
        UpdatedAtColumn(),
    ]
    list_filter = ["level", "kind", "active"]
