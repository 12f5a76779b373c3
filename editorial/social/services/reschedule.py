"""Moving a post to another time from the editorial calendar.

The rules (docs/decisions/editorial-calendar.md):

- never into the past, never a published post or one with deliveries under way;
- only who may change posts, and not a post locked by someone else or under review
  by someone who may not edit it under review (the workflow task decides);
- not over a channel's limit of posts per rolling 24 hours (networks.RULES);
- an approved, scheduled post keeps its approval only when the person moving it could
  approve it themselves right now (the head of the author's department, a deputy during
  an absence, ...: the same `reviews_of` as the moderation task). Anyone else's move
  withdraws the schedule and sends the post back to moderation, submitted by the mover:
  the head is told by the usual "submitted" notification;
- a post under review keeps its place in the queue: a moderator who could decide on it
  moves it without becoming one of its editors (the revision under review gets the new
  time), anyone else allowed to edit it under review saves a new revision.

Every refusal is a Decision with a translated reason and changes nothing.
"""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Revision, WorkflowState

from editorial.moderation.permissions import Decision, reviews_of

from ..models import Delivery, SocialPost
from ..permissions import can_reschedule

LOG_ACTION = "sklaida.calendar.moved"
QUOTA_WINDOW = timedelta(hours=24)


def post_content_type():
    return ContentType.objects.get_for_model(SocialPost)


def approved_times(post_ids=None):
    """{post id: the time its newest approval scheduled (approved_go_live_at)}, in one
    query; the calendar and rubric slots read a post's time through it."""
    revisions = Revision.objects.filter(
        base_content_type_id=post_content_type().pk, approved_go_live_at__isnull=False
    )
    if post_ids is not None:
        revisions = revisions.filter(object_id__in=[str(pk) for pk in post_ids])
    approved = {}
    for object_id, moment in revisions.order_by("pk").values_list(
        "object_id", "approved_go_live_at"
    ):
        approved[int(object_id)] = moment  # the newest approval wins
    return approved


def approved_at_subquery(content_type_id):
    """The time an approved, scheduled revision of the post goes live (or None)."""
    return Subquery(
        Revision.objects.filter(
            base_content_type_id=content_type_id,
            object_id=OuterRef("pk_text"),
            approved_go_live_at__isnull=False,
        )
        .order_by("-pk")
        .values("approved_go_live_at")[:1]
    )


def in_review_exists(content_type_id):
    return Exists(
        WorkflowState.objects.filter(
            base_content_type_id=content_type_id,
            object_id=OuterRef("pk_text"),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )
    )


def planned_posts(content_type_id=None):
    """Posts not yet live, annotated with `when` (the approved time, else the planned
    one), `approved_at` and `in_review`."""
    content_type_id = content_type_id or post_content_type().pk
    return (
        SocialPost.objects.filter(live=False)
        .annotate(pk_text=Cast("pk", output_field=CharField()))
        .annotate(
            approved_at=approved_at_subquery(content_type_id),
            in_review=in_review_exists(content_type_id),
        )
        .annotate(when=Coalesce("approved_at", "go_live_at"))
    )


def _format(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# --- quota ------------------------------------------------------------------------------


def _busiest_window(times, moment):
    """The most posts in any window of 24 hours that contains `moment` (itself counted)."""
    times = sorted([*times, moment])
    best = 0
    for index, first in enumerate(times):
        if first > moment or first <= moment - QUOTA_WINDOW:
            continue
        count = sum(1 for other in times[index:] if other < first + QUOTA_WINDOW)
        best = max(best, count)
    return best


def quota_problem(post, channels, moment):
    """A refusal when `moment` would put one of `channels` over its posts per 24 hours."""
    limited = [channel for channel in channels if channel.rules.max_posts_per_24h]
    if not limited:
        return None
    low, high = moment - QUOTA_WINDOW, moment + QUOTA_WINDOW
    for channel in limited:
        planned = (
            planned_posts()
            .filter(channels=channel, when__gt=low, when__lt=high)
            .exclude(pk=post.pk)
            .values_list("when", flat=True)
        )
        sent = (
            Delivery.objects.filter(channel=channel)
            .exclude(post=post)
            .exclude(status=Delivery.Status.CANCELLED)
            .annotate(when=Coalesce("sent_at", "scheduled_for"))
            .filter(when__gt=low, when__lt=high)
            .values_list("when", flat=True)
        )
        limit = channel.rules.max_posts_per_24h
        if _busiest_window([*planned, *sent], moment) > limit:
            return Decision(
                False,
                _(
                    "%(channel)s accepts at most %(limit)s posts in 24 hours; "
                    "that day is already full. Choose another time."
                )
                % {"channel": channel, "limit": limit},
            )
    return None


# --- moving -----------------------------------------------------------------------------


def _approval_task_and_state(post):
    """The post's last finished workflow state (the approval) and its approval task."""
    state = (
        WorkflowState.objects.filter(
            base_content_type_id=post_content_type().pk,
            object_id=str(post.pk),
            status=WorkflowState.STATUS_APPROVED,
        )
        .select_related("current_task_state__task")
        .order_by("-created_at", "-pk")
        .first()
    )
    if state is None or state.current_task_state is None:
        return None, None
    return state.current_task_state.task.specific, state


def could_approve(user, post):
    """Whether `user` could approve this post now, were it submitted again by its
    submitter: the moderation task's own rule (scope, deputies, four eyes)."""
    task, state = _approval_task_and_state(post)
    if task is None or not hasattr(task, "groups"):
        return Decision(False, _("Nobody approved this post through the workflow."))
    state.status = WorkflowState.STATUS_IN_PROGRESS  # in memory only: "as if under review"
    review = reviews_of(task, [state]).get(state.pk)
    return review.decide(user) if review else Decision(False, "")


def _may_decide_under_review(user, post):
    state = post.current_workflow_state
    task_state = state.current_task_state if state else None
    if task_state is None:
        return False
    task = task_state.task.specific
    return hasattr(task, "groups") and bool(reviews_of(task, [state]).get(state.pk).decide(user))


def _set_time_in_revision(revision, moment):
    content = dict(revision.content)
    content["go_live_at"] = moment.isoformat()
    revision.content = content
    fields = ["content"]
    if revision.approved_go_live_at is not None:
        revision.approved_go_live_at = moment
        fields.append("approved_go_live_at")
    revision.save(update_fields=fields)


def _save_new_revision(user, post, moment):
    draft = post.get_latest_revision_as_object()
    draft.go_live_at = moment
    SocialPost.objects.filter(pk=post.pk).update(go_live_at=moment)
    return draft.save_revision(user=user, clean=False, log_action=True)


def reschedule_post(user, post_id, moment):
    """Move the post to `moment` (aware datetime). A Decision says what happened."""
    with transaction.atomic():
        post = SocialPost.objects.select_for_update().filter(pk=post_id).first()
        if post is None:
            return Decision(False, _("This post no longer exists."))
        decision = can_reschedule(user, post, moment)
        if not decision:
            return decision
        draft = post.get_latest_revision_as_object()
        problem = quota_problem(post, list(draft.channels.all()), moment)
        if problem is not None:  # a Decision is falsy when it refuses
            return problem

        before = post.go_live_at
        approved = post.revisions.filter(approved_go_live_at__isnull=False).order_by("-pk").first()
        under_review = (
            post.current_workflow_state is not None
            and post.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
        )
        if approved is not None:
            before = approved.approved_go_live_at
            keeps = could_approve(user, post)
            if keeps:
                _set_time_in_revision(approved, moment)
                SocialPost.objects.filter(pk=post.pk).update(go_live_at=moment)
                message = _("Moved to %(when)s; the approval stands.")
            else:
                _save_new_revision(user, post, moment)
                Revision.objects.filter(
                    base_content_type_id=post_content_type().pk, object_id=str(post.pk)
                ).update(approved_go_live_at=None)
                post.refresh_from_db()
                post.get_workflow().start(post, user)
                message = _(
                    "Moved to %(when)s. The post was approved for another time, so it "
                    "went back to moderation; the head has been told."
                )
        elif under_review and _may_decide_under_review(user, post):
            _set_time_in_revision(post.latest_revision, moment)
            SocialPost.objects.filter(pk=post.pk).update(go_live_at=moment)
            message = _("Moved to %(when)s; the post stays in moderation.")
        else:
            _save_new_revision(user, post, moment)
            message = _("Moved to %(when)s.")
        post.refresh_from_db()
        log(
            instance=post,
            action=LOG_ACTION,
            user=user,
            data={
                "from": before.isoformat() if before else None,
                "to": moment.isoformat(),
            },
        )
    return Decision(True, message % {"when": _format(moment)})


def planned_in(start, end, content_type_id=None):
    """Planned (not live) posts whose time falls in [start, end)."""
    content_type_id = content_type_id or post_content_type().pk
    return planned_posts(content_type_id).filter(when__gte=start, when__lt=end)
