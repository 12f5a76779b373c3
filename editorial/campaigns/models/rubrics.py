"""Rubrics (teminės rubrikos): recurring series of posts, moderated like posts.

A rubric's cadence (cadence.py) produces planned slots; a post tied to the rubric
(SocialPost.rubric) fills the slot on the same local day (services.py).
"""

from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.search import index

from editorial.moderation.moderated import ModeratedSnippet

from .. import cadence as cadence_rules

TEXT_LIMIT = 5_000
MAX_FLAG_DAYS = 60


class Rubric(ModeratedSnippet):
    class Cadence(models.TextChoices):
        WEEKLY = cadence_rules.WEEKLY, _("Weekly, on chosen weekdays")
        MONTHLY = cadence_rules.MONTHLY, _("Monthly, on the n-th weekday")
        CUSTOM = cadence_rules.CUSTOM, _("On listed dates")

    class Ordinal(models.IntegerChoices):
        FIRST = 1, _("first")
        SECOND = 2, _("second")
        THIRD = 3, _("third")
        FOURTH = 4, _("fourth")
        LAST = cadence_rules.LAST, _("last")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)]
    )
    channels = ParentalManyToManyField(
        "social.Channel", verbose_name=_("channels"), related_name="rubrics", blank=True
    )
    cadence = models.CharField(
        _("repeats"), max_length=10, choices=Cadence.choices, default=Cadence.WEEKLY
    )
    weekdays = models.CharField(
        _("weekdays"),
        max_length=20,
        blank=True,
        help_text=_("For a weekly rubric: the days of the week with a slot."),
    )
    monthly_ordinal = models.SmallIntegerField(
        _("which one in the month"), choices=Ordinal.choices, null=True, blank=True
    )
    monthly_weekday = models.SmallIntegerField(
        _("weekday of the month"), choices=Weekday.choices, null=True, blank=True
    )
    custom_dates = models.TextField(
        _("dates"),
        blank=True,
        help_text=_("For a rubric with its own dates: one date per line, YYYY-MM-DD."),
    )
    time_of_day = models.TimeField(
        _("time of day"), default=time(10, 0), help_text=_("Vilnius time, all year round.")
    )
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty when it has no end.")
    )
    default_hashtags = models.CharField(
        _("default hashtags"),
        max_length=300,
        blank=True,
        help_text=_("Added to a new post of this rubric, e.g. #KnygųRekomendacija."),
    )
    template_text = models.TextField(
        _("template text"),
        blank=True,
        validators=[MaxLengthValidator(TEXT_LIMIT)],
        help_text=_("A new post of this rubric starts with this text."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("rubric", "owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rubrics",
        help_text=_("Who makes sure every slot gets a post."),
    )
    flag_days_ahead = models.PositiveSmallIntegerField(
        _("flag an empty slot this many days ahead"),
        default=3,
        validators=[MaxValueValidator(MAX_FLAG_DAYS)],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")

    def __str__(self):
        return self.name

    def get_preview_template(self, request, mode_name):
        return "campaigns/rubric_preview.html"

    # --- the cadence ----------------------------------------------------------------

    def to_cadence(self):
        """The pure cadence (cadence.Cadence); raises CadenceError on unreadable input."""
        weekdays = cadence_rules.parse_weekdays(self.weekdays) if self.cadence == "weekly" else ()
        dates = cadence_rules.parse_dates(self.custom_dates) if self.cadence == "custom" else ()
        return cadence_rules.Cadence(
            kind=self.cadence,
            start=self.start_date,
            end=self.end_date,
            at=self.time_of_day,
            weekdays=weekdays,
            ordinal=self.monthly_ordinal,
            weekday=self.monthly_weekday,
            dates=dates,
        )

    def clean(self):
        super().clean()
        self.check_cadence()

    def check_cadence(self, today=None):
        """Refuse a bad cadence with ValidationError (field by field). With `today`, also
        one that produces no slot in the year from `today` (forms.RubricForm asks so
        when the cadence is new or changed)."""
        try:
            cadence_rules.check(self.to_cadence(), today=today)
        except cadence_rules.CadenceError as error:
            raise ValidationError(
                {(name or "__all__"): messages for name, messages in error.errors.items()}
            ) from None

    def slots_between(self, start, end):
        try:
            return cadence_rules.slots_between(self.to_cadence(), start, end)
        except cadence_rules.CadenceError:
            return []

    def next_slots(self, count=5, after=None):
        try:
            cadence = self.to_cadence()
        except cadence_rules.CadenceError:
            return []
        return cadence_rules.next_slots(cadence, after or timezone.now(), count=count)

    def weekday_labels(self):
        try:
            days = cadence_rules.parse_weekdays(self.weekdays)
        except cadence_rules.CadenceError:
            return ""
        return ", ".join(str(self.Weekday(day).label) for day in days)

    def cadence_label(self):
        """How often, in words: "Weekly: Friday", "Monthly: first Tuesday"."""
        if self.cadence == self.Cadence.WEEKLY:
            return _("Weekly: %(days)s") % {"days": self.weekday_labels()}
        if self.cadence == self.Cadence.MONTHLY:
            ordinal = self.Ordinal(self.monthly_ordinal).label if self.monthly_ordinal else ""
            weekday = (
                self.Weekday(self.monthly_weekday).label if self.monthly_weekday is not None else ""
            )
            return _("Monthly: %(ordinal)s %(weekday)s") % {"ordinal": ordinal, "weekday": weekday}
        return str(_("On listed dates"))

    cadence_label.short_description = _("Repeats")

    def next_slots_label(self):
        """The next five slots, as text (the inspect view)."""
        from django.utils.formats import date_format

        return "; ".join(
            date_format(timezone.localtime(moment), "Y-m-d, l, H:i") for moment in self.next_slots()
        )

    next_slots_label.short_description = _("Next slots")

    # --- a new post of this rubric ---------------------------------------------------

    def post_prefill(self):
        """What a new post of this rubric starts with: its text and channels."""
        text = "\n\n".join(
            part for part in (self.template_text.strip(), self.default_hashtags.strip()) if part
        )
        return {
            "title": self.name,
            "text": text,
            "channels": [channel.pk for channel in self.channels.all()],
        }

    def prefill_for_post(self, slot=None):
        """Initial values of a new post opened from a slot (`slot`: the ISO time from the
        link, checked against the cadence; the post editor asks, see SocialPost.rubric)."""
        from ..services import parse_slot, prefill_for_post

        return prefill_for_post(self, parse_slot(slot) if slot else None)
