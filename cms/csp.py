"""Content-Security-Policy: django-csp's middleware, plus the admin's allowances.

The policy in settings (CONTENT_SECURITY_POLICY) admits nothing inline. Wagtail's admin
sets some styles inline, so admin responses get CSP_ADMIN_UPDATE on top (see
docs/decisions/admin-access-and-csp.md); the public site stays strict.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import reverse


class SklaidaCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        admin_update = getattr(settings, "CSP_ADMIN_UPDATE", None)
        in_admin = request.path_info.startswith(reverse("wagtailadmin_home"))
        if admin_update and in_admin and not report_only and parts.update is None:
            parts.update = admin_update
        return parts
