"""Forms of the people registers: people chosen by full name, nobody names themselves deputy."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import display_name


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
