"""Grant applications: private pages (a staff-only tree) with their inline registers.

The lifecycle (idea → … → closed) is data in grants/lifecycle.py; `status` holds where
an application is. Internal approval is the moderation workflow every page tree has.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.signals import workflow_cancelled, workflow_submitted

from ..applications_forms import GrantApplicationForm
from ..applications_panels import BudgetSummaryPanel, LifecyclePanel
from .common import long_text, money_field

# Fields only a lifecycle move writes (grants/applications_services.py): a revision
# published later never brings back an old value.
MOVE_FIELDS = ("status", "submitted_on")


class GrantApplicationIndexPage(Page):
    """The root of the private tree; a view restriction keeps it staff-only."""

    intro = long_text(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["grants.GrantApplicationPage"]
    max_count_per_parent = 1

    def get_sitemap_urls(self, request=None):
        return []  # private: never in a sitemap

    class Meta:
        verbose_name = _("grant application folder")
        verbose_name_plural = _("grant application folders")


class GrantApplicationPage(Page):
    class Status(models.TextChoices):
        IDEA = "idea", _("idea")
        DRAFTING = "drafting", _("drafting")
        INTERNAL_APPROVAL = "internal_approval", _("internal approval")
        SUBMITTED = "submitted", _("submitted")
        UNDER_EVALUATION = "under_evaluation", _("under evaluation")
        AWARDED = "awarded", _("awarded")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("grant application status", "withdrawn")
        CONTRACT = "contract", _("contract")
        IMPLEMENTATION = "implementation", _("implementation")
        REPORTING = "reporting", _("reporting")
        CLOSED = "closed", _("closed")

    call = models.ForeignKey(
        "grants.Call",
        verbose_name=_("call"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IDEA, editable=False
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grant_applications",
    )
    summary = long_text(_("summary"), blank=True)
    objectives = long_text(_("objectives"), blank=True)
    activities = long_text(_("activities"), blank=True)
    target_groups = long_text(_("target groups"), blank=True)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    submitted_on = models.DateField(
        _("submitted to the funder on"), null=True, blank=True, editable=False
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    amount_awarded = money_field(_("amount awarded, EUR"), null=True, blank=True)
    decision_comments = long_text(_("decision comments"), blank=True)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("status"),
    ]
    parent_page_types = ["grants.GrantApplicationIndexPage"]
    subpage_types = []

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    *Page.content_panels,
                    LifecyclePanel(heading=_("Lifecycle")),
                    FieldRowPanel([FieldPanel("call"), FieldPanel("responsible")]),
                    FieldPanel("summary"),
                    FieldPanel("objectives"),
                    FieldPanel("activities"),
                    FieldPanel("target_groups"),
                    FieldRowPanel(
                        [FieldPanel("period_start"), FieldPanel("period_end")],
                        heading=_("Period"),
                    ),
                ],
                heading=_("Application"),
            ),
            ObjectList(
                [
                    BudgetSummaryPanel(heading=_("Budget summary")),
                    InlinePanel("budget_lines", heading=_("Budget lines"), label=_("budget line")),
                ],
                heading=_("Budget"),
            ),
            ObjectList(
                [
                    InlinePanel("partners", heading=_("Partners"), label=_("partner")),
                    InlinePanel("indicators", heading=_("Indicators"), label=_("indicator")),
                ],
                heading=_("Partners and indicators"),
            ),
            ObjectList(
                [InlinePanel("documents", heading=_("Documents"), label=_("document"))],
                heading=_("Documents"),
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldRowPanel(
                                [FieldPanel("decision_date"), FieldPanel("amount_awarded")]
                            ),
                            FieldPanel("decision_comments"),
                        ],
                        heading=_("Funder's decision"),
                    ),
                    InlinePanel(
                        "reporting_duties", heading=_("Reporting duties"), label=_("report")
                    ),
                ],
                heading=_("Decision and reporting"),
            ),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    base_form_class = GrantApplicationForm

    class Meta:
        verbose_name = _("grant application")
        verbose_name_plural = _("grant applications")
        indexes = [models.Index(fields=["status"], name="grants_application_status")]

    def with_content_json(self, content):
        """A revision's content, but the lifecycle fields as the page row holds them."""
        obj = super().with_content_json(content)
        for name in MOVE_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    def get_sitemap_urls(self, request=None):
        return []  # private: never in a sitemap


class ApplicationPartner(Orderable):
    application = ParentalKey(
        GrantApplicationPage, on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("partner"), max_length=200)
    role = models.CharField(_("role in the project"), max_length=300, blank=True)
    contribution = long_text(_("contribution"), blank=True)
    public = models.BooleanField(
        _("may be shown publicly"), default=True, help_text=_("Shown on the project page.")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")


class BudgetLine(Orderable):
    class Category(models.TextChoices):
        STAFF = "staff", _("Staff costs")
        SERVICES = "services", _("Services")
        EQUIPMENT = "equipment", _("Equipment")
        TRAVEL = "travel", _("Travel")
        PUBLICITY = "publicity", _("Publicity")
        MATERIALS = "materials", _("Materials and supplies")
        INDIRECT = "indirect", _("Indirect costs")
        OTHER = "other", _("Other")

    application = ParentalKey(
        GrantApplicationPage, on_delete=models.CASCADE, related_name="budget_lines"
    )
    category = models.CharField(_("cost category"), max_length=20, choices=Category.choices)
    description = models.CharField(_("description"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    unit_cost = money_field(_("unit cost, EUR"))
    own_contribution = money_field(_("own contribution, EUR"), default=0)
    other_sources = money_field(_("other sources, EUR"), default=0)

    class Meta(Orderable.Meta):
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")


class Indicator(Orderable):
    application = ParentalKey(
        GrantApplicationPage, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    planned = models.DecimalField(_("planned"), max_digits=12, decimal_places=2)
    achieved = models.DecimalField(
        _("achieved"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta(Orderable.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")


class ApplicationDocument(Orderable):
    application = ParentalKey(
        GrantApplicationPage, on_delete=models.CASCADE, related_name="documents"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class ReportingDuty(Orderable):
    """A report the funder expects (interim, final, financial) and when."""

    application = ParentalKey(
        GrantApplicationPage, on_delete=models.CASCADE, related_name="reporting_duties"
    )
    title = models.CharField(_("report"), max_length=300)
    due_date = models.DateField(_("due date"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grant_reporting_duties",
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("reporting duty")
        verbose_name_plural = _("reporting duties")
        indexes = [models.Index(fields=["due_date"], name="grants_report_due")]


# --- signals: privacy at creation, the workflow as the internal approval -------------------
# (the handlers live in grants/private_tree.py and grants/applications_services.py)


def _index_saved(sender, instance, created, raw=False, **kwargs):
    from ..private_tree import on_index_saved

    on_index_saved(sender, instance, created, raw=raw)


def _workflow_submitted(sender, instance, user=None, **kwargs):
    from ..applications_services import on_workflow_submitted

    on_workflow_submitted(sender, instance, user=user)


def _workflow_cancelled(sender, instance, user=None, **kwargs):
    from ..applications_services import on_workflow_cancelled

    on_workflow_cancelled(sender, instance, user=user)


models.signals.post_save.connect(
    _index_saved, sender=GrantApplicationIndexPage, dispatch_uid="grants_private_index"
)
workflow_submitted.connect(_workflow_submitted, dispatch_uid="grants_application_submitted")
workflow_cancelled.connect(_workflow_cancelled, dispatch_uid="grants_application_cancelled")
