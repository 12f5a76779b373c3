"""Project actions (duty 10): each implementation step is coordinated with the head.

A moderated snippet like proposals: the specialist drafts and submits it, the head
approves (the workflow); only an approved action may be marked done.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from editorial.moderation.moderated import ModeratedSnippet

from .common import long_text, money_field


class ProjectAction(ModeratedSnippet):
    class Kind(models.TextChoices):
        PROCUREMENT = "procurement", _("Procurement")
        EVENT = "event", _("Event")
        PUBLICATION = "publication", _("Publication")
        BUDGET_CHANGE = "budget_change", _("Budget change")
        PARTNER_CHANGE = "partner_change", _("Partner change")
        OTHER = "other", _("Other")

    project = models.ForeignKey(
        "grants.GrantApplicationPage",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="actions",
        help_text=_("The awarded application the action belongs to."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = long_text(_("description"), blank=True)
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    amount = money_field(_("amount, EUR"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project_actions",
        editable=False,
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True, editable=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("kind"),
        index.FilterField("project_id"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("project action")
        verbose_name_plural = _("project actions")

    def __str__(self):
        return self.title

    def get_preview_template(self, request, mode_name):
        return "grants/project_action_preview.html"

    def with_content_json(self, content):
        # Publishing a revision restores the fields it was saved with; whether and by
        # whom the action was done, and who wrote it, are not part of any version.
        obj = super().with_content_json(content)
        obj.author_id = self.author_id
        obj.done_at = self.done_at
        obj.done_by_id = self.done_by_id
        return obj

    @property
    # The register's export columns.
    def project_title(self):
        return self.project.title

    def kind_label(self):
        return self.get_kind_display()

    def author_name(self):
        from cms.models import display_name

        return display_name(self.author)

    def done_by_name(self):
        from cms.models import display_name

        return display_name(self.done_by)

    def state_label(self):
        from editorial.moderation.states import moderation_state

        if self.done_at is not None:
            return str(_("done"))
        if hasattr(self, "_scheduled_revisions"):
            # `status_string` asks for the scheduled revision (a query per row) unless
            # cached; the register prefetches it.
            scheduled = self._scheduled_revisions
            self.__dict__["scheduled_revision"] = scheduled[0] if scheduled else None
        return str(moderation_state(self).label)
