"""Filters of the rubric register: channel, owner, state."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.models import WorkflowState

from cms.forms import PersonChoiceField
from editorial.social.models import Channel

from .models import Rubric

APPROVED, IN_MODERATION, DRAFT = "approved", "in_moderation", "draft"
STATE_CHOICES = [
    (APPROVED, _("Approved")),
    (IN_MODERATION, _("In moderation")),
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


def _in_moderation():
    return Exists(
        WorkflowState.objects.filter(
            base_content_type__app_label="campaigns",
            base_content_type__model="rubric",
            object_id=OuterRef("pk_text"),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
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
        if value == APPROVED:
            return queryset.filter(live=True)
        queryset = queryset.annotate(pk_text=Cast("pk", output_field=CharField())).annotate(
            in_moderation=_in_moderation()
        )
        if value == IN_MODERATION:
            return queryset.filter(in_moderation=True)
        if value == DRAFT:
            return queryset.filter(live=False, in_moderation=False)
        return queryset
