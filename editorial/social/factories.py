"""Factories for social publishing: channels (with encrypted credentials) and posts."""

import io

import factory
from django.core.files.images import ImageFile
from factory.django import DjangoModelFactory
from PIL import Image as PILImage
from wagtail.images.models import Image

from .models import Channel, PostImage, SocialPost
from .networks import Network


class ChannelFactory(DjangoModelFactory):
    class Meta:
        model = Channel
        skip_postgeneration_save = True

    network = Network.MASTODON
    name = factory.Sequence(lambda n: f"Bibliotekos paskyra {n}")
    handle = "@biblioteka"
    account_id = factory.Sequence(lambda n: f"acct-{n}")
    api_base = ""

    @factory.post_generation
    def token(self, create, extracted, **kwargs):
        token = "test-token" if extracted is None else extracted
        if token:
            self.set_credentials({"access_token": token})
        if create:
            self.save()


def jpeg_file(filename="renginys.jpg", size=(320, 240), colour=(11, 83, 148)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="JPEG")
    return ImageFile(buffer, name=filename)


class ImageFactory(DjangoModelFactory):
    class Meta:
        model = Image

    title = factory.Sequence(lambda n: f"Nuotrauka {n}")
    file = factory.LazyFunction(lambda: jpeg_file())


class SocialPostFactory(DjangoModelFactory):
    class Meta:
        model = SocialPost
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Įrašas {n}")
    text = "Kviečiame į bibliotekos vasaros skaitymus!"
    link = ""
    add_utm = False
    live = False

    @factory.post_generation
    def channels(self, create, extracted, **kwargs):
        if create and extracted:
            self.channels.set(extracted)
            self.save()

    @factory.post_generation
    def images(self, create, extracted, **kwargs):
        for number in range(extracted or 0):
            PostImage.objects.create(
                post=self, image=ImageFactory(), alt_text=f"Skaitytojai bibliotekoje {number + 1}"
            )
