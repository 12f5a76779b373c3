"""Forms of the people registers: people chosen by full name, nobody names themselves deputy."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import DEFAULT_DIGEST_HOUR, EmailMode, display_name


class PersonChoiceField(forms.ModelChoiceField):
    """A choice of a person, labelled as people read it (full name), sorted by surname."""

    def label_from_instance(self, obj):
        return display_name(obj)


def name_people(fields):
    """Make every person picker among `fields` show and sort full names (one label function)."""
    User = get_user_model()
    for field in fields.values():
        if isinstance(field, forms.ModelChoiceField) and field.queryset.model is User:
            field.label_from_instance = display_name
            field.queryset = field.queryset.order_by("last_name", "first_name", "username")


class PeopleForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_people(self.fields)


class NotYourselfMixin:
    """The signed-in user cannot name themselves in `self_field` (a deputy role)."""

    self_field = None
    self_error = None

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get(self.self_field)
        user = getattr(self, "for_user", None)
        if chosen is not None and user is not None and chosen.pk == user.pk:
            self.add_error(self.self_field, self.self_error)
        return cleaned


class AbsenceForm(NotYourselfMixin, PeopleForm):
    self_field = "deputy"
    self_error = _("You cannot name yourself as a deputy; ask another head or Administration.")


class DepartmentForm(NotYourselfMixin, PeopleForm):
    self_field = "deputy_head"
    self_error = _(
        "You cannot name yourself as the standing deputy; ask another member of Administration."
    )


class StaffProfileForm(PeopleForm):
    pass


# --- notification preferences (the "Notifications" tab of the account settings) ---------


# Not Django's message: it repeats the value sent, whatever it was.
CHOOSE_SHOWN = {"invalid_choice": _("Choose one of the options shown.")}


def _event_field(code):
    # "moderation.approved" -> "event__moderation__approved": a safe HTML name.
    return "event__" + code.replace(".", "__")


class NotificationPreferencesForm(forms.Form):
    """How the signed-in person wants each kind of notification e-mailed, and when their
    daily digest leaves. Edits only `user` (the request's own user: there is no user
    field to forge); unknown kinds or modes are refused with nothing saved."""

    digest_hour = forms.TypedChoiceField(
        label=_("Daily digest at"),
        choices=[(hour, f"{hour:02d}:00") for hour in range(24)],
        coerce=int,
        error_messages=CHOOSE_SHOWN,
        help_text=_("Europe/Vilnius time. The digest comes once a day, if it has anything."),
    )

    def __init__(self, data=None, files=None, *, user, profile=None, prefix=None, **kwargs):
        from .models import NotificationPreference, NotificationSchedule
        from .notification_events import notification_events

        super().__init__(data, files, prefix=prefix, **kwargs)
        self.user = user
        self.profile = profile
        self.events = notification_events()
        self._codes = {}
        chosen = dict(NotificationPreference.objects.filter(user=user).values_list("event", "mode"))
        events = {}
        for code, event in self.events.items():
            name = _event_field(code)
            events[name] = forms.ChoiceField(
                label=event.label,
                help_text=event.description,
                choices=EmailMode.choices,
                initial=chosen.get(code, event.default),
                widget=forms.RadioSelect,
                error_messages=CHOOSE_SHOWN,
            )
            self._codes[name] = code
        # The kinds first, in their display order; the digest hour last.
        self.fields = {**events, "digest_hour": self.fields["digest_hour"]}
        schedule = NotificationSchedule.objects.filter(user=user).first()
        self.fields["digest_hour"].initial = (
            schedule.digest_hour if schedule else DEFAULT_DIGEST_HOUR
        )
        if profile is not None:
            # Wagtail's own e-mails about page comments are not ours to route; their
            # switch moves here with the panel it lived in.
            self.fields["comment_emails"] = forms.BooleanField(
                label=_("E-mail me about new comments on pages I follow"),
                required=False,
                initial=profile.updated_comments_notifications,
            )

    def clean(self):
        cleaned = super().clean()
        if self.is_bound:
            ours = self.add_prefix("")
            unknown = [
                key
                for key in self.data
                if key.startswith(ours) and key[len(ours) :] not in self.fields
            ]
            if unknown:
                raise forms.ValidationError(
                    _("The form named a kind of notification that does not exist."),
                    code="unknown_event",
                )
        return cleaned

    def save(self):
        from .models import NotificationPreference, NotificationSchedule

        NotificationPreference.objects.bulk_create(
            [
                NotificationPreference(user=self.user, event=code, mode=self.cleaned_data[name])
                for name, code in self._codes.items()
            ],
            update_conflicts=True,
            unique_fields=["user", "event"],
            update_fields=["mode"],
        )
        NotificationSchedule.objects.update_or_create(
            user=self.user, defaults={"digest_hour": self.cleaned_data["digest_hour"]}
        )
        if self.profile is not None and "comment_emails" in self.cleaned_data:
            self.profile.updated_comments_notifications = self.cleaned_data["comment_emails"]
            self.profile.save(update_fields=["updated_comments_notifications"])
