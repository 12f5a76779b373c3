"""Login brute-force protection on top of django-axes (settings in cms/settings/base.py).

Two limits instead of axes' one: an account is locked after LOGIN_FAILURE_LIMIT
failures, an address after LOGIN_FAILURE_LIMIT_PER_ADDRESS. The second is higher
because a whole library often reaches the site through one public address, and a few
colleagues mistyping must not lock everyone out.
"""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        # Axes compares this with AXES_FAILURE_LIMIT; an address over its own limit
        # counts as the account limit reached. The querysets follow
        # AXES_LOCKOUT_PARAMETERS: ["username", "ip_address"].
        by_user, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if by_address >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
            return max(by_user, settings.AXES_FAILURE_LIMIT)
        return by_user


def client_ip(request):
    """The visitor's address: behind TRUSTED_PROXY_COUNT proxies, the address the
    outermost trusted proxy saw (counted from the right of X-Forwarded-For, which a
    visitor can fill with anything on the left)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The Lithuanian "try again later" page (HTTP 429) instead of axes' English line."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "cms/login_locked.html", {"cooloff_minutes": minutes}, status=429)
