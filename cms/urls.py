from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.utils.urlpatterns import decorate_urlpatterns

from cms.admin_access import guard
from cms.public_urls import public_urlpatterns

# Some admin views answer every signed-in user; cms.admin_access asks first.
decorate_urlpatterns(wagtailadmin_urls.urlpatterns, guard)

urlpatterns = [
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
