"""The funding sources register and the sponsorship/support agreements register.

Plain record registers (no drafts), so wagtail-modeladmin as the architecture says:
filters, search, inspect, history and xlsx/CSV export. Both hang in the Funding menu
(grants/menu.py), not in the main menu.
"""

from django.contrib.admin import RelatedOnlyFieldListFilter, SimpleListFilter
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail_modeladmin.options import ModelAdmin
from wagtail_modeladmin.views import IndexView

from .models import FundingSource, SupportAgreement


class TagFilter(SimpleListFilter):
    title = _("tags")
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        tags = Tag.objects.filter(grants_fundingsourcetag_items__isnull=False).distinct()
        return [(tag.slug, tag.name) for tag in tags.order_by("name")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(tags__slug=self.value()).distinct()
        return queryset


class FundingSourceIndexView(IndexView):
    export_headings = {
        "funder": _("Funder"),
        "programme": _("Programme"),
        "kind_label": _("Kind of funder"),
        "url": _("Link"),
        "eligible_applicants": _("Who may apply"),
        "eligible_costs": _("Eligible costs"),
        "typical_amount_min": _("Typical amount from, EUR"),
        "typical_amount_max": _("Typical amount up to, EUR"),
        "own_contribution_share": _("Required own contribution, %"),
        "recurring_deadlines": _("Recurring deadlines"),
        "tag_names": _("Tags"),
        "active_label": _("Active"),
        "notes": _("Notes"),
    }


class FundingSourceAdmin(ModelAdmin):
    model = FundingSource
    menu_label = _("Funding sources")
    menu_icon = "site"
    menu_order = 10
    add_to_admin_menu = False  # in the Funding menu (wagtail_hooks.py)
    index_view_class = FundingSourceIndexView
    inspect_view_enabled = True
    list_per_page = 25
    list_display = ("funder", "programme", "kind", "typical_amounts", "tag_names", "active")
    list_filter = ("kind", "active", TagFilter)
    search_fields = ("funder", "programme", "eligible_costs", "eligible_applicants", "notes")
    ordering = ("funder", "programme")
    inspect_view_fields = (
        "funder",
        "programme",
        "kind",
        "url",
        "eligible_applicants",
        "eligible_costs",
        "typical_amount_min",
        "typical_amount_max",
        "own_contribution_share",
        "recurring_deadlines",
        "tags",
        "notes",
        "active",
        "agreements",
        "calls",
    )
    list_export = tuple(FundingSourceIndexView.export_headings)
    export_filename = "finansavimo-saltiniai"
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("funder"),
                FieldPanel("programme"),
                FieldPanel("kind"),
                FieldPanel("url"),
                FieldPanel("active"),
            ],
            heading=_("Funder"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("eligible_applicants"),
                FieldPanel("eligible_costs"),
                FieldRowPanel([FieldPanel("typical_amount_min"), FieldPanel("typical_amount_max")]),
                FieldPanel("own_contribution_share"),
                FieldPanel("recurring_deadlines"),
            ],
            heading=_("Conditions"),
        ),
        FieldPanel("tags"),
        FieldPanel("notes"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    def typical_amounts(self, obj):
        low, high = obj.typical_amount_min, obj.typical_amount_max
        if low is None and high is None:
            return "—"
        return f"{low if low is not None else '…'}–{high if high is not None else '…'} EUR"

    typical_amounts.short_description = _("Typical amount")

    def tag_names(self, obj):
        return ", ".join(sorted(tag.name for tag in obj.tags.all()))

    tag_names.short_description = _("Tags")

    def kind_label(self, obj):
        return str(obj.get_kind_display())

    def active_label(self, obj):
        return str(_("yes")) if obj.active else str(_("no"))


class SupportAgreementIndexView(IndexView):
    export_headings = {
        "source": _("Sponsor or supporter"),
        "number": _("Agreement number"),
        "signed_on": _("Signed on"),
        "valid_until": _("Valid until"),
        "amount": _("Amount, EUR"),
        "in_kind": _("Support in kind"),
        "acknowledgement": _("How the support must be acknowledged"),
    }


class SupportAgreementAdmin(ModelAdmin):
    """Sponsorship and support agreements under the Law on Charity and Sponsorship."""

    model = SupportAgreement
    menu_label = _("Support agreements")
    menu_icon = "doc-full"
    menu_order = 20
    add_to_admin_menu = False
    index_view_class = SupportAgreementIndexView
    inspect_view_enabled = True
    list_per_page = 25
    list_display = ("source", "number", "signed_on", "valid_until", "amount", "in_kind")
    list_filter = (("source", RelatedOnlyFieldListFilter), "signed_on")
    search_fields = ("number", "source__funder", "source__programme", "in_kind", "acknowledgement")
    list_select_related = ("source",)
    ordering = ("-signed_on", "-id")
    inspect_view_fields = (
        "source",
        "number",
        "signed_on",
        "valid_until",
        "amount",
        "in_kind",
        "acknowledgement",
        "logo",
        "document",
    )
    list_export = tuple(SupportAgreementIndexView.export_headings)
    export_filename = "paramos-sutartys"
    panels = [
        FieldPanel("source"),
        FieldRowPanel([FieldPanel("number"), FieldPanel("signed_on"), FieldPanel("valid_until")]),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("in_kind")]),
        FieldPanel("acknowledgement"),
        FieldPanel("logo"),
        FieldPanel("document"),
    ]
