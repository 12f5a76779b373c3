"""Factories for the people of the library: users in role groups, departments, absences.

A user is put into role groups with `roles=[...]` (group names from cms.roles) or with
one of the role traits::

    UserFactory(head=True)
    UserFactory(roles=[roles.SPECIALISTS, roles.HEADS])
    StaffProfileFactory(user__specialist=True, department=department)
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Site

from cms import roles
from cms.models import Absence, Department, StaffProfile

PASSWORD = "Slaptas-Zodis-2025"  # noqa: S105 - test and demo accounts only

FIRST_NAMES = ["Rūta", "Jonas", "Eglė", "Tomas", "Aistė", "Mindaugas", "Greta", "Paulius"]
LAST_NAMES = [
    "Kazlauskaitė",
    "Petrauskas",
    "Jankauskienė",
    "Stankevičius",
    "Vasiliauskaitė",
    "Žukauskas",
    "Butkutė",
    "Paulauskas",
]
DEPARTMENT_NAMES = [
    "Komunikacijos skyrius",
    "Vaikų literatūros skyrius",
    "Metodinis skyrius",
    "Kraštotyros skyrius",
    "Skaitytojų aptarnavimo skyrius",
]


def add_to_roles(user, names):
    """Put `user` into the role groups named `names` (the groups come from the migration)."""
    names = set(names or ())
    groups = list(Group.objects.filter(name__in=names))
    if len(groups) != len(names):
        missing = names - {group.name for group in groups}
        raise LookupError(f"Role groups missing (has cms 0002 run?): {sorted(missing)}")
    user.groups.add(*groups)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    class Params:
        specialist = factory.Trait(roles__names=[roles.SPECIALISTS])
        head = factory.Trait(roles__names=[roles.HEADS])
        administration = factory.Trait(roles__names=[roles.ADMINISTRATION])
        other_department = factory.Trait(roles__names=[roles.OTHER_DEPARTMENTS])
        superuser = factory.Trait(is_superuser=True, is_staff=True)

    username = factory.Sequence(lambda n: f"darbuotojas{n}")
    first_name = factory.Iterator(FIRST_NAMES)
    last_name = factory.Iterator(LAST_NAMES)
    email = factory.LazyAttribute(lambda user: f"{user.username}@biblioteka.test")
    is_active = True
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            add_to_roles(self, extracted if extracted is not None else kwargs.get("names"))
            self.save()  # also stores the password set just above


def default_site():
    return Site.objects.filter(is_default_site=True).first()


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Iterator(DEPARTMENT_NAMES)
    code = factory.Sequence(lambda n: f"skyrius-{n}")
    site = factory.LazyFunction(default_site)
    head = None


class StaffProfileFactory(DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)
    position = "Komunikacijos specialistas"
    phone = factory.Sequence(lambda n: f"+370 600 {n:05d}")


class AbsenceFactory(DjangoModelFactory):
    """An absence of a head covering today, with another member of the heads group standing in."""

    class Meta:
        model = Absence

    person = factory.SubFactory(UserFactory, head=True)
    deputy = factory.SubFactory(UserFactory, head=True)
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyAttribute(lambda a: a.starts_on + datetime.timedelta(days=6))
    reason = Absence.Reason.VACATION
    note = ""
