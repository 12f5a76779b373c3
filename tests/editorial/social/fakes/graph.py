"""The Graph API's shared shapes (Facebook, Instagram, Threads): errors,
throttling, cursor paging, `since`.

https://developers.facebook.com/docs/graph-api/guides/error-handling/
https://developers.facebook.com/docs/graph-api/overview/rate-limiting/
https://developers.facebook.com/docs/graph-api/results (cursor-based pagination)
"""

import base64
import json
import math
import time
from urllib.parse import urlencode

from .base import FakeNetwork, Reply

THROTTLE_MESSAGES = {
    4: "(#4) Application request limit reached",
    17: "(#17) User request limit reached",
    32: "(#32) Page request limit reached",
    613: "(#613) Calls to this api have exceeded the rate limit.",
}


class GraphFake(FakeNetwork):
    auth_error_status = 400  # Graph answers an expired token with 400 + OAuthException 190
    buc_type = "pages"  # the Business Use Case named in X-Business-Use-Case-Usage
    max_page_size = 5  # small, so that every listing in the tests has several pages

    def error_reply(self, status, message, code=None) -> Reply:
        if code is None:
            code = 100 if status == 400 else (4 if status == 429 else (2 if status >= 500 else 100))
        subcode = None
        if isinstance(code, tuple):
            code, subcode = code
        error = {
            "message": message,
            "type": "OAuthException" if code in (190, 102) else "GraphMethodException",
            "code": code,
            "fbtrace_id": "AbCdEf123",
        }
        if subcode is not None:
            error["error_subcode"] = subcode
        if status >= 500:
            error["is_transient"] = True
        return Reply(status, {"error": error})

    def auth_error_reply(self) -> Reply:
        reply = self.error_reply(
            self.auth_error_status,
            "Error validating access token: Session has expired on Friday, 27-Nov-26 10:00:00 PST.",
            (190, 463),
        )
        reply.headers["WWW-Authenticate"] = 'OAuth "Facebook Platform" "invalid_token"'
        return reply

    def rate_limit_reply(self, retry_after=None, code=4, status=400, regain_minutes=None):
        """Throttled as Graph does: HTTP 400 (sometimes 403) with error code 4 (app),
        17 (user), 32 (page) or 613 (custom), never a Retry-After; X-App-Usage gives
        percentages only, X-Business-Use-Case-Usage may estimate, in minutes, when
        access comes back (`retry_after` seconds are said that way)."""
        if code not in THROTTLE_MESSAGES:
            raise ValueError(f"Graph throttles with codes {sorted(THROTTLE_MESSAGES)}")
        if status not in (400, 403):
            raise ValueError("Graph throttles with HTTP 400 or 403")
        if retry_after is not None and regain_minutes is None:
            regain_minutes = math.ceil(float(retry_after) / 60)
        body = {
            "error": {
                "message": THROTTLE_MESSAGES[code],
                "type": "OAuthException",
                "is_transient": True,
                "code": code,
                "fbtrace_id": "AbCdEf123",
            }
        }
        headers = {
            "X-App-Usage": json.dumps({"call_count": 100, "total_cputime": 31, "total_time": 64})
        }
        if regain_minutes is not None:
            headers["X-Business-Use-Case-Usage"] = json.dumps(
                {
                    self.account_id: [
                        {
                            "type": self.buc_type,
                            "call_count": 100,
                            "total_cputime": 31,
                            "total_time": 64,
                            "estimated_time_to_regain_access": regain_minutes,
                        }
                    ]
                }
            )
        return Reply(status, body, headers)

    def since(self, request) -> float:
        value = request.value("since")
        return float(value) if value not in (None, "") else 0.0

    def page(self, request, items: list) -> Reply:
        """One page of `items` (newest first) with Graph's cursors and `next` link."""
        limit = max(1, min(int(request.value("limit", 25) or 25), self.max_page_size))
        after = request.value("after")
        start = int(base64.urlsafe_b64decode(after).decode()) if after else 0
        data = items[start : start + limit]
        paging = {}
        if data:
            paging["cursors"] = {
                "before": _cursor(start),
                "after": _cursor(start + len(data)),
            }
        if start + limit < len(items):
            query = {k: v[0] for k, v in request.query.items() if k not in ("after", "before")}
            query["after"] = paging["cursors"]["after"]
            paging["next"] = f"{self.url}{request.path}?{urlencode(query)}"
        return Reply(200, {"data": data, "paging": paging})


def _cursor(index: int) -> str:
    return base64.urlsafe_b64encode(str(index).encode()).decode()


def graph_time(timestamp: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(timestamp))
