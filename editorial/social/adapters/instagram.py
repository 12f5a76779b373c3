"""Instagram professional account through the Instagram Platform (Graph API).

The container flow is ContainerAdapter's (containers.py): quota at
/{ig-user-id}/content_publishing_limit, containers at /{ig-user-id}/media
(one image: image_url, caption, alt_text; several: items with
is_carousel_item=true and alt_text, then a CAROUSEL with the caption), status in
`status_code`, publishing at /{ig-user-id}/media_publish, reconcile by caption
over /{ig-user-id}/media (newest first).

https://developers.facebook.com/docs/instagram-platform/content-publishing/
"""

from editorial.social.networks import Network

from .containers import ContainerAdapter
from .facebook import GRAPH_API_BASE


class InstagramAdapter(ContainerAdapter):
    network = Network.INSTAGRAM.value
    default_base = GRAPH_API_BASE
    container_path = "media"
    publish_path = "media_publish"
    limit_path = "content_publishing_limit"
    status_field = "status_code"
    text_field = "caption"

    def single_data(self, url, item, text):
        return {"image_url": url, "caption": text, "alt_text": item.alt_text}

    def carousel_item_data(self, url, item):
        return {"image_url": url, "is_carousel_item": "true", "alt_text": item.alt_text}
