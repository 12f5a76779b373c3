"""People of the library: departments, staff profiles, absences and their deputies."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

# Higher floors decide who may stand in for whom (editorial.moderation knows which
# groups moderate); they register a function here:
#     @hooks.register(DEPUTY_CHECK_HOOK)
#     def check(person, deputy): return "why not" or None
DEPUTY_CHECK_HOOK = "sklaida_check_deputy"


def deputy_errors(person, deputy, department=None):
    """Why `deputy` may not stand in for `person` (empty when they may)."""
    if deputy is None or (person is None and department is None):
        return []
    if person is not None and person.pk == deputy.pk:
        return [_("A person cannot stand in for themselves.")]
    return [
        error
        for check in hooks.get_hooks(DEPUTY_CHECK_HOOK)
        if (error := check(person, deputy, department=department))
    ]


class Department(models.Model):
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("Short unique code, e.g. 'komunikacija'."),
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("library site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("The library (site) this department belongs to."),
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("department head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_departments",
    )
    deputy_head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("standing deputy head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy_headed_departments",
        help_text=_(
            "Approves the head's own submissions and what the head changed during review. "
            "Without a standing deputy, Administration does."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(deputy_head=models.F("head")),
                name="department_deputy_head_is_not_the_head",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.head_id and self.deputy_head_id and self.head_id == self.deputy_head_id:
            raise ValidationError(
                {"deputy_head": _("The head cannot be their own standing deputy.")}
            )
        if self.deputy_head_id:
            errors = deputy_errors(self.head, self.deputy_head, department=self)
            if errors:
                raise ValidationError({"deputy_head": errors})


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_profile",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return self.user.get_full_name() or self.user.get_username()


class PartnerLink(models.Model):
    """A partner named on a public page, with an optional link (projects, campaigns)."""

    name = models.CharField(_("partner"), max_length=200)
    url = models.URLField(_("link"), blank=True, max_length=500)

    class Meta:
        abstract = True
        verbose_name = _("partner")
        verbose_name_plural = _("partners")


def department_of(user_id):
    """The department of the user with `user_id` (None without a profile or department):
    whose head decides on a call, a promotion... the person is responsible for."""
    if user_id is None:
        return None
    profile = StaffProfile.objects.filter(user_id=user_id).select_related("department").first()
    return getattr(profile, "department", None)


class AbsenceQuerySet(models.QuerySet):
    def covering(self, day=None):
        """Absences in force on `day` (today in the library's time zone by default)."""
        day = day or timezone.localdate()
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class Absence(models.Model):
    class Reason(models.TextChoices):
        VACATION = "vacation", _("Vacation")
        SICK_LEAVE = "sick_leave", _("Sick leave")
        BUSINESS_TRIP = "business_trip", _("Business trip")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("absent person"),
        on_delete=models.CASCADE,
        related_name="absences",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), help_text=_("The last day of the absence, inclusive."))
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputy"),
        on_delete=models.PROTECT,
        related_name="deputising",
        help_text=_("The person who stands in during the absence."),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True)

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="absence_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(deputy=models.F("person")),
                name="absence_deputy_is_someone_else",
            ),
        ]

    def __str__(self):
        return _("%(person)s absent %(start)s–%(end)s") % {
            "person": display_name(self.person),
            "start": self.starts_on,
            "end": self.ends_on,
        }

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The absence cannot end before it starts.")
        if self.person_id and self.deputy_id:
            deputy_problems = deputy_errors(self.person, self.deputy)
            if deputy_problems:
                errors["deputy"] = deputy_problems
        if errors:
            raise ValidationError(errors)


def display_name(user):
    """How a person is named in the interface and in the audit log."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class EmailMode(models.TextChoices):
    """How a person wants a kind of notification e-mailed (cms.notification_events)."""

    IMMEDIATELY = "immediate", _("Immediately")
    DAILY_DIGEST = "digest", _("In the daily digest")
    OFF = "off", _("No e-mail")


class NotificationDigest(models.Model):
    """One daily digest e-mail of one person for one local date (Europe/Vilnius).

    Unique per person and date: two beat ticks or two workers cannot both make it, and
    the e-mail task claims it (`claimed_at`) before sending and stamps `sent_at` after.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_digests",
    )
    local_date = models.DateField(_("date"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-local_date"]
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "local_date"], name="digest_once_a_day")
        ]

    def __str__(self):
        return f"{display_name(self.user)} {self.local_date}"


class Notice(models.Model):
    """An in-admin notification for one person (see cms.notifications)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # What happened, e.g. "moderation:approved:42": one notice per person per event,
    # however often the signal fires (retries, double clicks, re-delivered messages).
    event_key = models.CharField(_("event"), max_length=200, blank=True, editable=False)
    # The kind of notification (cms.notification_events), e.g. "moderation.approved".
    event = models.CharField(_("kind"), max_length=100, blank=True, editable=False)
    # The person's preference when the notice was made: the e-mail follows it.
    email_mode = models.CharField(
        _("e-mail"),
        max_length=10,
        choices=EmailMode.choices,
        default=EmailMode.IMMEDIATELY,
        editable=False,
    )
    # Whom this copy is for when the recipient stands in for an absent colleague.
    on_behalf_of = models.CharField(
        _("standing in for"), max_length=300, blank=True, editable=False
    )
    # The immediate e-mail: claimed by one worker, then stamped sent (never twice).
    email_claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True, editable=False)
    digest = models.ForeignKey(
        NotificationDigest,
        verbose_name=_("daily digest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
        editable=False,
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "read_at"]),
            # The digest task's scan: undigested digest-mode notices.
            models.Index(
                fields=["email_mode", "user"],
                condition=Q(digest__isnull=True, email_mode="digest"),
                name="notice_awaiting_digest",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key"],
                condition=~Q(event_key=""),
                name="notice_once_per_event",
            )
        ]

    def __str__(self):
        return self.subject


class NotificationPreference(models.Model):
    """How one person wants one kind of notification e-mailed; the notice is always made.

    No row means the event's default (immediately unless the event says otherwise).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    event = models.CharField(_("kind"), max_length=100)
    mode = models.CharField(_("e-mail"), max_length=10, choices=EmailMode.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="preference_once_per_event"),
            models.CheckConstraint(
                condition=Q(mode__in=EmailMode.values), name="preference_mode_is_known"
            ),
        ]

    def __str__(self):
        return f"{self.event}: {self.mode}"


DEFAULT_DIGEST_HOUR = 8


class NotificationSchedule(models.Model):
    """When a person's daily digest leaves: an hour of the day, Europe/Vilnius."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_schedule",
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("daily digest at"), default=DEFAULT_DIGEST_HOUR
    )

    class Meta:
        verbose_name = _("daily digest time")
        verbose_name_plural = _("daily digest times")
        constraints = [
            models.CheckConstraint(
                condition=Q(digest_hour__gte=0, digest_hour__lte=23),
                name="digest_hour_of_the_day",
            )
        ]

    def __str__(self):
        return f"{display_name(self.user)} {self.digest_hour:02d}:00"
