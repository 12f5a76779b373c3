"""Filters of the rubric register: channel, owner, state."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet

from cms.forms import PersonChoiceField
from editorial.moderation.states import (
    APPROVED,
    CHANGES_REQUESTED,
    DECLINED,
    DRAFT,
    IN_MODERATION,
    filter_by_moderation_state,
)
from editorial.social.models import Channel

from .models import Rubric

STATE_CHOICES = [
    (APPROVED, _("Approved")),
    (IN_MODERATION, _("In moderation")),
    (CHANGES_REQUESTED, _("Changes requested")),
    (DECLINED, _("Declined")),
    (DRAFT, _("Draft")),
]


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField


def _owners(request=None):
    return (
        get_user_model()
        ._default_manager.filter(Exists(Rubric.objects.filter(owner=OuterRef("pk"))))
        .order_by("last_name", "first_name")
    )


class RubricFilterSet(WagtailFilterSet):
    channels = django_filters.ModelChoiceFilter(
        label=_("Channel"), queryset=Channel.objects.order_by("name"), empty_label=_("All")
    )
    owner = PersonFilter(label=pgettext_lazy("rubric", "Owner"), queryset=_owners)
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=STATE_CHOICES, method="filter_state", empty_label=_("All")
    )

    class Meta:
        model = Rubric
        fields = ["channels", "owner", "state"]

    def filter_state(self, queryset, name, value):
        return filter_by_moderation_state(queryset, value)
