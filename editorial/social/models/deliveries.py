"""The outbox: one delivery per post and channel, sent exactly once."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from .channels import Channel
from .posts import SocialPost


class DeliveryQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=Delivery.FINAL_STATES)


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Scheduled")
        SENDING = "sending", _("Sending")
        RETRYING = "retrying", _("Waiting to retry")
        MANUAL = "manual", _("Waiting for manual posting")
        SENT = "sent", _("Published")
        FAILED = "failed", _("Failed")
        NEEDS_ATTENTION = "needs_attention", _("Needs checking")
        CANCELLED = "cancelled", _("Cancelled")

    FINAL_STATES = (Status.SENT, Status.FAILED, Status.NEEDS_ATTENTION, Status.CANCELLED)
    # Waiting for a worker: what withdrawing the post stops (a send in flight finishes).
    WAITING_STATES = (Status.PENDING, Status.RETRYING, Status.MANUAL)

    class ErrorKind(models.TextChoices):
        NONE = "", _("None")
        TEMPORARY = "temporary", _("Network temporarily unavailable")
        VALIDATION = "validation", _("Rejected by the network")
        AUTHORISATION = "authorisation", _("Access expired")
        UNKNOWN_OUTCOME = "unknown_outcome", _("Outcome unknown")
        CONFIGURATION = "configuration", _("Channel not configured")
        CONTENT = "content", _("The post cannot be prepared")
        WITHDRAWN = "withdrawn", _("The post was withdrawn")
        INTERNAL = "internal", _("Error in Sklaida")

    post = models.ForeignKey(
        SocialPost, verbose_name=_("post"), on_delete=models.PROTECT, related_name="deliveries"
    )
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="deliveries"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("approved version"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What this channel gets from the approved revision (text, link, images), built
    # once at approval (services/content.py), so a worker does not rebuild the
    # revision for every delivery. Empty on rows written before it existed.
    content = models.JSONField(null=True, blank=True, editable=False)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    scheduled_for = models.DateTimeField(_("scheduled for"))
    # Attempts in the current round: a person's retry starts a new round.
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Counts every claim and is never reset: an attempt records its outcome only while
    # the fence still holds its number, so a late worker cannot overwrite a newer one.
    fence = models.PositiveIntegerField(default=0, editable=False)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    outcome_unknown = models.BooleanField(default=False)
    sent_at = models.DateTimeField(_("published at"), null=True, blank=True)
    remote_id = models.CharField(_("ID on the network"), max_length=300, blank=True)
    remote_url = models.URLField(_("address on the network"), max_length=1000, blank=True)
    error_kind = models.CharField(
        _("problem"), max_length=20, choices=ErrorKind.choices, blank=True, default=""
    )
    error_message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = DeliveryQuerySet.as_manager()

    # A record of the pipeline, not content: nothing references it, so saving one
    # need not enqueue Wagtail's reference-index task.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-scheduled_for", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["post", "channel"], name="one_delivery_per_channel")
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            # The delivery register's sort (the Meta ordering): a page of 25 is read
            # from the index instead of sorting every delivery on each view.
            models.Index(fields=["-scheduled_for", "id"], name="social_delivery_register"),
        ]

    def __str__(self):
        return f"{self.post} → {self.channel}"

    @property
    def can_retry(self):
        return self.status in (self.Status.FAILED, self.Status.NEEDS_ATTENTION)
