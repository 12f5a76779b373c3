"""Proposals (duty 4): a specialist's or head's idea, moderated like a post.

Accepted = approved by the head (the proposal goes live); declined = rejected with a
reason (editorial.moderation.states reads both). An accepted proposal may become an
assignment (assignment_models.Assignment.proposal).
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import (
    Orderable,
)
from wagtail.search import index

from .moderated import ModeratedSnippet

# Long texts are bounded so a pasted book is refused with a message, not stored.
TEXT_LIMIT = 10_000


class Proposal(ModeratedSnippet):
    class Kind(models.TextChoices):
        PUBLICITY = "publicity", _("New form of publicity")
        WEBSITE = "website", _("Website improvement")
        INNOVATION = "innovation", _("Innovation")
        VISUALS = "visuals", _("Need for visual communication materials")

    # The head must give a reason when declining or asking for changes (HeadApprovalTask).
    decision_reason_required = True
    # proposal_signals tells the author "accepted"/"declined"; the generic
    # approved/rejected notice would say it a second time.
    tells_own_decision = True

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), validators=[MaxLengthValidator(TEXT_LIMIT)])
    expected_benefit = models.TextField(
        _("expected benefit"), validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    estimated_cost = models.DecimalField(
        _("estimated cost, EUR"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Leave empty when it costs nothing beyond working time."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        editable=False,
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("kind"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["-created_at"], name="proposal_created")]

    def __str__(self):
        return self.title

    def get_preview_template(self, request, mode_name):
        return "moderation/proposal_preview.html"

    # The register's columns and export (listing rows prefetch the workflow states).
    def decision(self):
        from .states import moderation_state

        cached = self.__dict__.get("_decision")
        if cached is None:
            if hasattr(self, "_scheduled_revisions"):
                # `status_string` asks for the scheduled revision (a query per row)
                # unless cached; the register prefetches it.
                scheduled = self._scheduled_revisions
                self.__dict__["scheduled_revision"] = scheduled[0] if scheduled else None
            cached = self.__dict__["_decision"] = moderation_state(self)
        return cached

    def kind_label(self):
        return str(self.get_kind_display())

    def decision_label(self):
        decision = self.decision()
        if self.live and decision.key == "live":
            return str(_("accepted"))
        return str(decision.label)

    def decision_reason(self):
        """The head's reason (declined, changes requested) or comment (accepted)."""
        from wagtail.models import WorkflowState

        from .states import _latest_workflow_state

        decision = self.decision()
        if decision.comment:
            return decision.comment
        state = _latest_workflow_state(self) if self.live else None
        if state is not None and state.status == WorkflowState.STATUS_APPROVED:
            return (state.current_task_state and state.current_task_state.comment) or ""
        return ""

    def author_name(self):
        from cms.models import display_name

        return display_name(self.author)

    def assignment_title(self):
        assignment = getattr(self, "assignment", None)
        return assignment.title if assignment is not None else ""


class ProposalAttachment(Orderable):
    proposal = ParentalKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
