"""Factories for proposals and assignments."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from cms.factories import UserFactory

from .assignment_models import Assignment
from .proposal_models import Proposal


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = Proposal

    kind = Proposal.Kind.PUBLICITY
    title = factory.Sequence(lambda n: f"Pasiūlymas {n}")
    description = "Skaitymo iššūkis vaikams vasarą."
    expected_benefit = "Daugiau jaunų skaitytojų."
    estimated_cost = "120.00"
    author = factory.SubFactory(UserFactory, specialist=True)
    live = False


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    title = factory.Sequence(lambda n: f"Užduotis {n}")
    description = "Parengti plakatą renginiui."
    assignee = factory.SubFactory(UserFactory, specialist=True)
    given_by = factory.SubFactory(UserFactory, head=True)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
