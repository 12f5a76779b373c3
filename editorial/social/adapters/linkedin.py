"""LinkedIn organisation page through the versioned Marketing API (Posts API).

Every call carries `LinkedIn-Version: YYYYMM` and `X-Restli-Protocol-Version: 2.0.0`.
1. each image: POST /rest/images?action=initializeUpload (owner) -> uploadUrl and
   image URN; PUT the bytes to uploadUrl;
2. POST /rest/posts {author, commentary, visibility, distribution, lifecycleState,
   content.media | content.multiImage}; the post URN comes back in the
   `x-restli-id` header. The only call that publishes.
3. reconcile (HttpAdapter.reconcile): GET /rest/posts?author=<urn>&q=author&
   start=&count= (newest first), page after page, and match the commentary.

https://learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api
https://learn.microsoft.com/linkedin/marketing/community-management/shares/images-api
https://learn.microsoft.com/linkedin/marketing/community-management/shares/multiimage-post-api
"""

import re

from django.conf import settings

from editorial.social.networks import Network, compose_text

from .base import ChannelAccess, MediaItem, OutgoingPost, SendResult, UnknownOutcome
from .http import MSG_UNKNOWN, HttpAdapter, Listed

LINKEDIN_API_BASE = "https://api.linkedin.com/rest"
# A version is supported for a year; override with settings.SOCIAL_LINKEDIN_API_VERSION.
LINKEDIN_API_VERSION = "202610"

# "little text" format of `commentary`: these characters are markup and must be
# escaped, or LinkedIn drops the text after them. "#" is left alone so hashtags
# stay hashtags.
_LITTLE_TEXT_RESERVED = re.compile(r"([\\|{}@\[\]()<>*_~])")


def escape_commentary(text: str) -> str:
    return _LITTLE_TEXT_RESERVED.sub(r"\\\1", text)


def organisation_urn(account_id: str) -> str:
    account_id = str(account_id).strip()
    return account_id if account_id.startswith("urn:li:") else f"urn:li:organization:{account_id}"


class LinkedInAdapter(HttpAdapter):
    network = Network.LINKEDIN.value
    can_reconcile = True
    default_base = LINKEDIN_API_BASE
    # initializeUpload answers with an uploadUrl on www.linkedin.com (dms-uploads),
    # which takes the same token.
    extra_credential_origins = ("https://www.linkedin.com",)
    reconcile_page_size = 50

    @property
    def api_version(self) -> str:
        return getattr(settings, "SOCIAL_LINKEDIN_API_VERSION", "") or LINKEDIN_API_VERSION

    def headers(self) -> dict:
        return {"LinkedIn-Version": self.api_version, "X-Restli-Protocol-Version": "2.0.0"}

    def commentary(self, post: OutgoingPost) -> str:
        return compose_text(self.network, post.text, post.link, with_media=bool(post.media))

    def send(
        self, access: ChannelAccess, post: OutgoingPost, idempotency_key: str, deadline=None, **kw
    ) -> SendResult:
        base, author = self.base_url(access), organisation_urn(access.account_id)
        body = {
            "author": author,
            "commentary": escape_commentary(self.commentary(post)),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        with self.client(access, deadline) as http:
            http.headers.update(self.headers())
            images = [
                {"id": self._upload(http, base, author, item), "altText": item.alt_text}
                for item in post.media
            ]
            if len(images) == 1:
                body["content"] = {"media": images[0]}
            elif images:
                body["content"] = {"multiImage": {"images": images}}
            response = http.request("POST", f"{base}/posts", json=body, final=True)
            post_urn = response.headers.get("x-restli-id") or response.headers.get("x-linkedin-id")
            if not post_urn:
                raise UnknownOutcome(MSG_UNKNOWN, detail="201 without x-restli-id")
        return SendResult(
            remote_id=post_urn,
            url=f"https://www.linkedin.com/feed/update/{post_urn}/",
            details={"images": [image["id"] for image in images]},
        )

    def _upload(self, http, base, author, item: MediaItem) -> str:
        response = http.request(
            "POST",
            f"{base}/images",
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": {"owner": author}},
        )
        value = http.require(http.json(response), "value")
        upload_url = http.require(value, "uploadUrl")
        image_urn = http.require(value, "image")
        http.request(
            "PUT",
            upload_url,
            data=item.data,
            headers={"Content-Type": "application/octet-stream"},
        )
        return str(image_urn)

    def match_texts(self, post):
        commentary = self.commentary(post)
        return {commentary, escape_commentary(commentary)}

    def listing(self, http, access, since):
        http.headers.update(self.headers(), **{"X-RestLi-Method": "FINDER"})
        author = organisation_urn(access.account_id)
        start = 0
        while True:
            params = {
                "author": author,
                "q": "author",
                "start": start,
                "count": self.reconcile_page_size,
                "sortBy": "LAST_MODIFIED",
            }
            body = http.json(http.request("GET", f"{self.base_url(access)}/posts", params=params))
            elements = body.get("elements") or []
            yield [
                Listed(
                    remote_id=str(item.get("id")),
                    text=item.get("commentary") or "",
                    created=_seconds(item.get("createdAt") or item.get("publishedAt")),
                    url=f"https://www.linkedin.com/feed/update/{item.get('id')}/",
                )
                for item in elements
            ]
            links = (body.get("paging") or {}).get("links") or []
            has_next = any(link.get("rel") == "next" for link in links if isinstance(link, dict))
            if not elements or not (has_next or len(elements) >= self.reconcile_page_size):
                return
            start += len(elements)


def _seconds(milliseconds):
    return milliseconds / 1000 if isinstance(milliseconds, (int, float)) else None
