import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.models import Revision, WorkflowState

from cms.forms import PersonChoiceField

from .models import Channel, Delivery, SocialPost


class PersonFilter(django_filters.ModelChoiceFilter):
    """A person filter that lists full names (the one label function, display_name)."""

    field_class = PersonChoiceField


class PostState:
    DRAFT = "draft"
    IN_MODERATION = "in_moderation"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    FAILED = "failed"

    choices = [
        (DRAFT, _("Draft")),
        (IN_MODERATION, _("In moderation")),
        (SCHEDULED, _("Scheduled")),
        (PUBLISHED, _("Published")),
        (FAILED, _("Failed")),
    ]


def _in_moderation():
    return Exists(
        WorkflowState.objects.filter(
            base_content_type__model="socialpost",
            base_content_type__app_label="social",
            object_id=OuterRef("pk_text"),
            status__in=[WorkflowState.STATUS_IN_PROGRESS],
        )
    )


def _scheduled():
    return Exists(
        Revision.objects.filter(
            base_content_type__model="socialpost",
            base_content_type__app_label="social",
            object_id=OuterRef("pk_text"),
            approved_go_live_at__isnull=False,
        )
    )


def _failed():
    return Exists(
        Delivery.objects.filter(
            post=OuterRef("pk"),
            status__in=[Delivery.Status.FAILED, Delivery.Status.NEEDS_ATTENTION],
        )
    )


class SocialPostFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=PostState.choices, method="filter_state", empty_label=_("All")
    )
    channels = django_filters.ModelMultipleChoiceFilter(
        label=_("Channel"), queryset=Channel.objects.all(), distinct=True
    )
    go_live_at = django_filters.DateFromToRangeFilter(
        label=_("Publishing time"), widget=DateRangePickerWidget
    )
    author = PersonFilter(
        label=_("Author"),
        queryset=lambda request: _authors(),
    )

    class Meta:
        model = SocialPost
        fields = ["state", "channels", "go_live_at", "author"]

    def filter_state(self, queryset, name, value):
        queryset = queryset.annotate(pk_text=_pk_string())
        if value == PostState.IN_MODERATION:
            return queryset.filter(_in_moderation())
        if value == PostState.SCHEDULED:
            return queryset.filter(_scheduled())
        if value == PostState.PUBLISHED:
            return queryset.filter(live=True)
        if value == PostState.FAILED:
            return queryset.filter(_failed())
        if value == PostState.DRAFT:
            return queryset.filter(Q(live=False) & ~_in_moderation() & ~_scheduled())
        return queryset


def _pk_string():
    from django.db.models import CharField
    from django.db.models.functions import Cast

    return Cast("pk", output_field=CharField())


def _authors():
    """People who wrote a post: one index probe per user (the author foreign key),
    not a DISTINCT over a join with every post."""
    from django.contrib.auth import get_user_model

    has_posts = Exists(SocialPost.objects.filter(author=OuterRef("pk")))
    return get_user_model().objects.filter(has_posts).order_by("last_name", "first_name", "pk")
