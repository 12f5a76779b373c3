"""Factories for rubrics."""

from datetime import time

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from cms.factories import UserFactory

from .models import Rubric


class RubricFactory(DjangoModelFactory):
    """A weekly Friday rubric at 10:00, approved (live) unless told otherwise."""

    class Meta:
        model = Rubric
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Rubrika {n}")
    description = "Kas savaitę – viena knyga."
    cadence = Rubric.Cadence.WEEKLY
    weekdays = "4"
    time_of_day = time(10, 0)
    start_date = factory.LazyFunction(timezone.localdate)
    default_hashtags = "#KnygųRekomendacija"
    template_text = "Šios savaitės knyga: "
    owner = factory.SubFactory(UserFactory, specialist=True)
    live = True

    @factory.post_generation
    def channels(self, create, extracted, **kwargs):
        if extracted:
            self.channels.set(extracted)
        if create:
            self.save()
