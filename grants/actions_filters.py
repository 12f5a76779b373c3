"""Filters of the project action register: project, kind, state."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from editorial.moderation.states import filter_by_moderation_state, state_choices

from .models import GrantApplicationPage, ProjectAction
from .permissions import FUNDED_STATES

DONE = "done"
STATE_CHOICES = state_choices(approved=_("Approved, not done"), extra=[(DONE, _("Done"))])


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
        if value == DONE:
            return queryset.filter(done_at__isnull=False)
        return filter_by_moderation_state(queryset.filter(done_at__isnull=True), value)
