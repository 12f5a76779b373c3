"""Filters of the project action register: project, kind, state."""

import django_filters
from django.db.models import CharField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.models import WorkflowState

from .models import GrantApplicationPage, ProjectAction
from .permissions import FUNDED_STATES

DRAFT, IN_MODERATION, CHANGES_REQUESTED, APPROVED, DONE = (
    "draft",
    "in_moderation",
    "changes_requested",
    "approved",
    "done",
)
STATE_CHOICES = [
    (DRAFT, _("Draft")),
    (IN_MODERATION, _("In moderation")),
    (CHANGES_REQUESTED, _("Changes requested")),
    (APPROVED, _("Approved, not done")),
    (DONE, _("Done")),
]


def _projects(request=None):
    return GrantApplicationPage.objects.filter(status__in=FUNDED_STATES).order_by("title")


class ProjectActionFilterSet(WagtailFilterSet):
    project = django_filters.ModelChoiceFilter(
        label=_("Project"), queryset=_projects, empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ProjectAction.Kind.choices, empty_label=_("All")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=STATE_CHOICES, method="filter_state", empty_label=_("All")
    )

    class Meta:
        model = ProjectAction
        fields = ["project", "kind", "state"]

    def filter_state(self, queryset, name, value):
        latest = Subquery(
            WorkflowState.objects.filter(
                base_content_type__app_label="grants",
                base_content_type__model="projectaction",
                object_id=OuterRef("pk_text"),
            )
            .order_by("-created_at", "-pk")
            .values("status")[:1]
        )
        queryset = queryset.annotate(pk_text=Cast("pk", output_field=CharField())).annotate(
            latest_status=latest
        )
        open_states = [WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES]
        if value == DONE:
            return queryset.filter(done_at__isnull=False)
        queryset = queryset.filter(done_at__isnull=True)
        if value == IN_MODERATION:
            return queryset.filter(latest_status=WorkflowState.STATUS_IN_PROGRESS)
        if value == CHANGES_REQUESTED:
            return queryset.filter(latest_status=WorkflowState.STATUS_NEEDS_CHANGES)
        if value == APPROVED:
            return queryset.filter(live=True).exclude(latest_status__in=open_states)
        if value == DRAFT:
            return queryset.filter(live=False).filter(
                Q(latest_status__isnull=True) | ~Q(latest_status__in=open_states)
            )
        return queryset
