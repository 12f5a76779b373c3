"""What a delivery sends: the approved revision's text, link and images as one
channel gets them.

Built once, at approval, from the revision the publish already has in hand, and
stored on the delivery (`Delivery.content`, a small JSON): a worker's claim
returns it with the row, so sending needs neither the revision's JSON nor its
image rows. The revision never changes, and what a channel gets depends only on
the channel's identity (its id for variants and images, its network for UTM
tags), so the stored content is what rebuilding would give. Rows written before
the field existed are built from their revision (cached per worker process)."""

import mimetypes
from collections import OrderedDict
from threading import Lock

from django.conf import settings
from django.db.models.signals import post_save
from wagtail.images import get_image_model
from wagtail.models import Revision

from ..adapters.base import MediaItem, OutgoingPost


def content_for(post, channel):
    """The JSON a delivery stores: `post` is the approved revision's object."""
    return {
        "text": post.text_for(channel),
        "link": post.link_for(channel),
        "media": [
            {"image": item.image_id, "file": item.image.file.name, "alt_text": item.alt_text}
            for item in post.images_for(channel)
        ],
    }


def outgoing_for(delivery, with_data=True):
    """The content as this channel gets it. `with_data=False` leaves the image
    bytes out (the copy-ready package needs only their addresses)."""
    content = delivery.content
    if content is None:
        content = content_for(approved_post(delivery), delivery.channel)
    return OutgoingPost(
        text=content["text"],
        link=content["link"],
        media=tuple(_media_item(item, with_data) for item in content["media"]),
    )


def _image_storage():
    return get_image_model()._meta.get_field("file").storage


def _media_item(item, with_data):
    name = item["file"]
    storage = _image_storage()
    data = b""
    if with_data:
        with storage.open(name, "rb") as handle:  # a missing file: OSError, a failed attempt
            data = handle.read()
    return MediaItem(
        filename=name.rsplit("/", 1)[-1],
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        data=data,
        alt_text=item["alt_text"],
        public_url=f"{settings.WAGTAILADMIN_BASE_URL}{storage.url(name)}",
    )


# ---------------------------------------------------------------- older rows

# An approved revision never changes, so the post built from it is kept per worker
# process for rows without stored content. Bounded; the oldest is dropped first.
_REVISIONS = OrderedDict()
_REVISIONS_LOCK = Lock()
REVISION_CACHE_SIZE = 256


def _forget_revision(sender, instance, created, **kwargs):
    # Ids are never reused by PostgreSQL or SQLite's AUTOINCREMENT, except when a
    # transaction that created one rolls back (tests): a new row with a known id
    # must not be served from the cache.
    if created:
        with _REVISIONS_LOCK:
            _REVISIONS.pop(instance.pk, None)


post_save.connect(_forget_revision, sender=Revision, dispatch_uid="social_forget_revision")


def approved_post(delivery):
    """The post as its approved revision has it (cached per revision id)."""
    if not delivery.revision_id:
        return delivery.post
    with _REVISIONS_LOCK:
        post = _REVISIONS.get(delivery.revision_id)
        if post is not None:
            _REVISIONS.move_to_end(delivery.revision_id)
            return post
    post = delivery.revision.as_object()
    # Read the related rows now, once, so later channels reuse them.
    images = list(post.images.all())
    for item in images:
        item.image  # noqa: B018 - fetch the image row once
    list(post.variants.all())
    with _REVISIONS_LOCK:
        _REVISIONS[delivery.revision_id] = post
        while len(_REVISIONS) > REVISION_CACHE_SIZE:
            _REVISIONS.popitem(last=False)
    return post
