"""Test and benchmark helpers for campaign pages (plain functions, like grants')."""

import itertools

from django.utils import timezone
from django.utils.text import slugify

_numbers = itertools.count(1)


def campaign_index(home, title="Kampanijos"):
    from .models import CampaignIndexPage

    found = CampaignIndexPage.objects.child_of(home).first()
    if found is not None:
        return found
    index = CampaignIndexPage(title=title, slug=slugify(title))
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def campaign(index, title="Skaitymo iššūkis", live=True, owner=None, channels=(), **fields):
    from .models import CampaignPage

    fields.setdefault("slug", f"{slugify(title)}-{next(_numbers)}")
    page = CampaignPage(title=title, live=live, owner=owner, **fields)
    if channels:
        page.channels.set(channels)
    index.add_child(instance=page)
    page.save_revision(user=owner)
    return page


def post_with_delivery(campaign, channel, status="sent", live=True, title=None, **fields):
    """A post tied to `campaign` with one delivery to `channel` in `status`."""
    from editorial.social.factories import SocialPostFactory
    from editorial.social.models import Delivery

    post = SocialPostFactory(
        title=title or f"Kampanijos įrašas {next(_numbers)}",
        campaign=campaign,
        live=live,
        channels=[channel],
        first_published_at=timezone.now() if live else None,
        **fields,
    )
    if status is not None:
        Delivery.objects.create(
            post=post,
            channel=channel,
            status=status,
            scheduled_for=timezone.now(),
            remote_url=f"https://social.example/@biblioteka/{post.pk}" if status == "sent" else "",
        )
    return post
