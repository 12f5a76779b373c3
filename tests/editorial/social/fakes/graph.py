"""The Graph API's shared shapes (Facebook, Instagram, Threads): errors, `since`."""

import time

from .base import FakeNetwork, Reply


class GraphFake(FakeNetwork):
    auth_error_status = 400  # Graph answers an expired token with 400 + OAuthException 190

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

    def since(self, request) -> float:
        value = request.value("since")
        return float(value) if value not in (None, "") else 0.0


def graph_time(timestamp: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(timestamp))
