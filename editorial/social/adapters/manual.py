"""Channels without an API in Sklaida (YouTube community posts, TikTok, anything
else): the pipeline shows a copy-ready package and waits for a person to publish
it and mark the delivery as posted."""

from django.utils.translation import gettext_lazy as _

from editorial.social.networks import Network, compose_text

from .base import Adapter, ChannelAccess, ManualDeliveryRequired, OutgoingPost, SendResult

MSG_MANUAL = _(
    "This channel is published by hand: copy the prepared text and images, "
    "publish them, then mark the delivery as posted"
)


class ManualAdapter(Adapter):
    network = Network.MANUAL.value

    def __init__(self, network=Network.MANUAL):
        self.network = Network(network).value

    def package(self, post: OutgoingPost) -> dict:
        """Everything a person needs to publish the post by hand."""
        return {
            "network": self.network,
            "text": compose_text(self.network, post.text, post.link, with_media=bool(post.media)),
            "link": post.link,
            "media": [
                {
                    "filename": item.filename,
                    "content_type": item.content_type,
                    "alt_text": item.alt_text,
                    "url": item.public_url,
                }
                for item in post.media
            ],
        }

    def send(
        self, access: ChannelAccess, post: OutgoingPost, idempotency_key: str, deadline=None, **kw
    ) -> SendResult:
        raise ManualDeliveryRequired(MSG_MANUAL, package=self.package(post))
