"""The rubric editor's form: weekdays as checkboxes, the cadence checked on save."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.forms import name_people

from .models import Rubric

CADENCE_FIELDS = (
    "cadence",
    "weekdays",
    "monthly_ordinal",
    "monthly_weekday",
    "custom_dates",
    "time_of_day",
    "start_date",
    "end_date",
)


class RubricForm(WagtailAdminModelForm):
    weekdays = forms.MultipleChoiceField(
        label=_("weekdays"),
        choices=Rubric.Weekday.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For a weekly rubric: the days of the week with a slot."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_people(self.fields)
        stored = self.instance.weekdays or ""
        self.initial["weekdays"] = [part for part in stored.split(",") if part.strip()]
        if not self.instance.pk and self.for_user is not None and "owner" in self.fields:
            self.initial.setdefault("owner", self.for_user.pk)

    def clean_weekdays(self):
        days = sorted({int(day) for day in self.cleaned_data.get("weekdays") or []})
        return ",".join(str(day) for day in days)

    def clean(self):
        cleaned = super().clean()
        changed = not self.instance.pk or any(name in self.changed_data for name in CADENCE_FIELDS)
        if changed and not self.errors:
            # The instance holds the cleaned values after _post_clean; check here on a
            # copy built from them so the message sits on the right field.
            probe = Rubric(
                **{name: cleaned.get(name) for name in CADENCE_FIELDS if name in cleaned}
            )
            try:
                probe.check_cadence(today=timezone.localdate())
            except forms.ValidationError as error:
                # Field errors come from Rubric.clean (run by the form after this);
                # only "no slot in the next year" is this check's own.
                if "__all__" in error.message_dict:
                    self.add_error(None, error.message_dict["__all__"])
        return cleaned
