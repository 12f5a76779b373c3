"""Panels the campaigns app adds to the social post editor (editorial.social.checks):
the library's brand kit beside the text, and the live pre-publish checklist."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .checklist import site_for_post
from .models import BrandKit


def _saved_channels(instance):
    if instance is None or not instance.pk:
        return []
    # The form's own channel field reads the same rows; sites are few.
    return list(instance.channels.select_related("site"))


class BrandKitPanel(Panel):
    """The brand kit of the post's library: logos, colours, fonts, tone of voice,
    hashtags (a click inserts one into the text), sign-off and the template of each
    network the post goes to (the editor's script shows the chosen networks')."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "campaigns/panels/brandcheck_brand_kit.html"

        class Media:
            js = ["campaigns/js/brandcheck_editor.js"]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            site = site_for_post(
                self.instance,
                _saved_channels(self.instance),
                user=getattr(self.request, "user", None),
                request=self.request,
            )
            kit = (
                BrandKit.objects.filter(site=site)
                .select_related("logo", "logo_dark")
                .prefetch_related("network_templates")
                .first()
                if site
                else None
            )
            context.update(kit=kit, site=site)
            return context


class ChecklistPanel(Panel):
    """The pre-publish checklist, evaluated by the server as the author types."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "campaigns/panels/brandcheck_checklist.html"

        class Media:
            js = ["campaigns/js/brandcheck_editor.js"]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            if self.instance and self.instance.pk:
                url = reverse("campaigns_checklist_for_post", args=[self.instance.pk])
            else:
                url = reverse("campaigns_checklist")
            context["checklist_url"] = url
            return context


def social_post_editor_panels():
    return [
        BrandKitPanel(heading=_("Brand kit")),
        ChecklistPanel(heading=_("Pre-publish checklist")),
    ]
