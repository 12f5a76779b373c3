"""Filters of the proposal register: kind, decision state, author, date."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import CharField, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.models import TaskState, WorkflowState

from cms.forms import PersonChoiceField

from .proposal_models import Proposal

DRAFT, IN_MODERATION, CHANGES_REQUESTED, ACCEPTED, DECLINED = (
    "draft",
    "in_moderation",
    "changes_requested",
    "accepted",
    "declined",
)
STATE_CHOICES = [
    (DRAFT, _("Draft")),
    (IN_MODERATION, _("In moderation")),
    (CHANGES_REQUESTED, _("Changes requested")),
    (ACCEPTED, _("Accepted")),
    (DECLINED, _("Declined")),
]


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


def _latest(field):
    """`field` of each proposal's newest workflow state (one correlated subquery)."""
    return Subquery(
        WorkflowState.objects.filter(
            base_content_type__app_label="moderation",
            base_content_type__model="proposal",
            object_id=OuterRef("pk_text"),
        )
        .order_by("-created_at", "-pk")
        .values(field)[:1]
    )


def _authors(request=None):
    User = get_user_model()
    return User._default_manager.filter(
        Exists(Proposal.objects.filter(author=OuterRef("pk")))
    ).order_by("last_name", "first_name")


class ProposalFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Proposal.Kind.choices, empty_label=_("All")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=STATE_CHOICES, method="filter_state", empty_label=_("All")
    )
    author = PersonFilter(label=_("Author"), queryset=_authors)
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Submitted"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Proposal
        fields = ["kind", "state", "author", "created_at"]

    def filter_state(self, queryset, name, value):
        queryset = queryset.annotate(pk_text=Cast("pk", output_field=CharField())).annotate(
            latest_status=_latest("status"),
            latest_task_status=_latest("current_task_state__status"),
        )
        declined = Q(
            latest_status=WorkflowState.STATUS_CANCELLED,
            latest_task_status=TaskState.STATUS_REJECTED,
        )
        if value == IN_MODERATION:
            return queryset.filter(latest_status=WorkflowState.STATUS_IN_PROGRESS)
        if value == CHANGES_REQUESTED:
            return queryset.filter(latest_status=WorkflowState.STATUS_NEEDS_CHANGES)
        if value == ACCEPTED:
            return queryset.filter(live=True).exclude(
                latest_status__in=[
                    WorkflowState.STATUS_IN_PROGRESS,
                    WorkflowState.STATUS_NEEDS_CHANGES,
                ]
            )
        if value == DECLINED:
            return queryset.filter(declined, live=False)
        if value == DRAFT:
            return queryset.filter(live=False).filter(
                Q(latest_status__isnull=True)
                | (Q(latest_status=WorkflowState.STATUS_CANCELLED) & ~declined)
            )
        return queryset
