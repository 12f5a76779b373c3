"""Filters of the proposal register: kind, decision state, author, date."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from cms.forms import PersonChoiceField

from .proposal_models import Proposal
from .states import filter_by_moderation_state, state_choices

STATE_CHOICES = state_choices(approved=_("Accepted"))


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


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
        return filter_by_moderation_state(queryset, value)
