"""Public URLs of the home app that are not Wagtail pages (included by cms/urls.py by
name, so the core floor imports nothing of this one)."""

from django.urls import path

from .brand import brand_css

urlpatterns = [path("brand.css", brand_css, name="brand_css")]
