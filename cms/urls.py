from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from cms.account import AccountView
from cms.admin_access import guard
from cms.public_urls import public_urlpatterns

# Some admin views answer every signed-in user; cms.admin_access asks first.
decorate_urlpatterns(wagtailadmin_urls.urlpatterns, guard)

urlpatterns = [
    # Our account settings (notification preferences instead of Wagtail's switches,
    # cms/account.py) answer at Wagtail's address and name, so every link finds them.
    path(
        "admin/account/",
        guard(require_admin_access(never_cache(AccountView.as_view()))),
        name="wagtailadmin_account",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("home.urls")),  # /brand.css
    path("", include(public_urlpatterns())),  # apps' public addresses (cms.public_urls)
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Lithuanian pages live at the root, English ones under /en/.
urlpatterns += i18n_patterns(
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
