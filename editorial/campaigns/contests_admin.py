"""The register of contest entries (a plain record register: wagtail-modeladmin).

Entries come only from the public form, so nobody adds, edits or deletes them here;
personal data leave the register only through the head's export
(contests_views.export_view) and are erased by the retention task.
"""

from django.contrib.admin import RelatedOnlyFieldListFilter, SimpleListFilter
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin

from .campaign_permissions import in_library
from .models import PromotionEntry


class EntryPermissionHelper(PermissionHelper):
    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


class ErasedFilter(SimpleListFilter):
    title = _("personal data")
    parameter_name = "erased"

    def lookups(self, request, model_admin):
        return [("no", _("kept")), ("yes", _("erased"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(anonymised_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(anonymised_at__isnull=False)
        return queryset


def draw_result(entry):
    """ "winner", "reserve winner" or "" from the promotion's draw (already joined)."""
    record = getattr(entry.promotion, "draw", None) if _has_draw(entry.promotion) else None
    if record is None:
        return ""
    if entry.pk in record.winner_ids:
        return _("winner")
    if entry.pk in record.reserve_ids:
        return _("reserve winner")
    return ""


def _has_draw(promotion):
    try:
        promotion.draw  # noqa: B018 - joined by select_related; raises when none
    except promotion._meta.get_field("draw").related_model.DoesNotExist:
        return False
    return True


class PromotionEntryAdmin(ModelAdmin):
    model = PromotionEntry
    menu_label = _("Contest entries")
    menu_icon = "form"
    menu_order = 450
    add_to_admin_menu = True
    permission_helper_class = EntryPermissionHelper
    inspect_view_enabled = True
    list_per_page = 30
    list_display = ("pk", "entrant", "email", "short_answer", "created_at", "result", "draw_link")
    list_filter = (("promotion", RelatedOnlyFieldListFilter), ErasedFilter, "created_at")
    search_fields = ("name", "email", "answer")
    ordering = ("-created_at", "-pk")
    inspect_view_fields = (
        "promotion",
        "name",
        "email",
        "answer",
        "consent_rules",
        "consent_processing",
        "created_at",
        "notified_at",
        "anonymised_at",
    )

    def get_queryset(self, request):
        entries = super().get_queryset(request).select_related("promotion", "promotion__draw")
        # Entrants' personal data: only the reader's own library's promotions.
        return in_library(entries, request.user, request, field="promotion__path")

    def entrant(self, obj):
        return obj.name if obj.anonymised_at is None else _("(erased)")

    entrant.short_description = _("name")

    def short_answer(self, obj):
        # Visitors' text: escaped by the list (never marked safe), shortened for the table.
        return obj.answer if len(obj.answer) <= 80 else obj.answer[:79] + "…"

    short_answer.short_description = _("answer")

    def result(self, obj):
        return draw_result(obj)

    result.short_description = _("draw result")

    def draw_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("campaigns_promotion_draw", args=[obj.promotion_id]),
            obj.promotion.title,
        )

    draw_link.short_description = _("promotion (draw)")


def draw_page_buttons(page, user, *args, **kwargs):
    """ "Contest draw" in a promotion page's header and listing menus, for those who may
    see it (page listing hooks pass the page, the user, then view name / next URL)."""
    from wagtail.admin.widgets import Button

    from .contests_permissions import can_view_entries
    from .models import PromotionPage

    if page.specific_class is not PromotionPage or not can_view_entries(user):
        return
    yield Button(
        _("Contest draw"),
        reverse("campaigns_promotion_draw", args=[page.pk]),
        icon_name="form",
        priority=90,
    )
