"""The live checklist endpoint of the post editor.

The editor posts its whole form (as for the per-network counters); the same form
class that validates the post reads it, and `checklist.evaluate` judges the post it
describes: the verdicts shown while typing are the verdicts enforced at submission."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from editorial.social.models import SocialPost

from .checklist import evaluate, site_for_post


@require_POST
def live_checklist(request, pk=None):
    user = request.user
    may_write = user.has_perm("social.add_socialpost") or user.has_perm("social.change_socialpost")
    if pk is not None:
        may_write = user.has_perm("social.change_socialpost")
    if not may_write:
        return JsonResponse({"error": _("You may not write social posts.")}, status=403)
    instance = get_object_or_404(SocialPost, pk=pk) if pk is not None else SocialPost()
    form_class = SocialPost.snippet_viewset.get_edit_handler().get_form_class()
    form = form_class(request.POST, instance=instance, for_user=user)
    # Judge what is there: a draft's missing fields must not hide the verdicts.
    form.defer_required_fields()
    form.errors  # noqa: B018 - cleans the form
    channels = list((getattr(form, "cleaned_data", None) or {}).get("channels") or [])
    post = form.unsaved_post()
    # Looked up as at submission (blocking_reasons), so the live verdict is the one
    # that will hold: no request step, which submission does not have.
    site = site_for_post(post, channels, user=user)
    verdicts = evaluate(post, channels, site)
    return JsonResponse(
        {
            "verdicts": [verdict.as_json() for verdict in verdicts],
            "blocking": sum(1 for verdict in verdicts if verdict.blocking),
            "networks": sorted({channel.network for channel in channels}),
        }
    )
