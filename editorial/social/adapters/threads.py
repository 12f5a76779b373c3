"""Threads through the Threads API.

The container flow is ContainerAdapter's (containers.py): quota at
/{user-id}/threads_publishing_limit, containers at /{user-id}/threads (text:
media_type=TEXT, text; one image: media_type=IMAGE, image_url, alt_text, text;
several: IMAGE items with is_carousel_item=true, then a CAROUSEL with the text),
status in `status`, publishing at /{user-id}/threads_publish, reconcile by text
over /{user-id}/threads.

https://developers.facebook.com/docs/threads/posts
"""

from editorial.social.networks import Network

from .containers import ContainerAdapter

THREADS_API_BASE = "https://graph.threads.net/v1.0"


class ThreadsAdapter(ContainerAdapter):
    network = Network.THREADS.value
    default_base = THREADS_API_BASE
    container_path = "threads"
    publish_path = "threads_publish"
    limit_path = "threads_publishing_limit"
    status_field = "status"
    text_field = "text"

    def post_data(self, http, base, user, images, text):
        if not images:
            return {"media_type": "TEXT", "text": text}
        return super().post_data(http, base, user, images, text)

    def single_data(self, url, item, text):
        return {"media_type": "IMAGE", "image_url": url, "alt_text": item.alt_text, "text": text}

    def carousel_item_data(self, url, item):
        return {
            "media_type": "IMAGE",
            "image_url": url,
            "alt_text": item.alt_text,
            "is_carousel_item": "true",
        }
