"""The project's URLs plus /bench/fixed/: `?bytes=N` bytes of HTML rendered by no
template and no query, through the same middleware as every page."""

from django.http import HttpResponse
from django.urls import path

from cms.urls import urlpatterns as project_urlpatterns


def fixed(request):
    size = int(request.GET.get("bytes", "1000"))
    return HttpResponse(b"<!DOCTYPE html>" + b"x" * max(0, size - 15))


urlpatterns = [path("bench/fixed/", fixed), *project_urlpatterns]
