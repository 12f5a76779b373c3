"""Admin forms. A post is checked against every target network before it is
submitted or published; a draft may be incomplete."""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .checks import blocking_messages
from .models import PostImage, PostVariant, SocialPost
from .models.channels import IDENTITY_FIELDS
from .networks import MediaFacts, problems_for
from .rubric_prefill import prefill_bound

CREDENTIAL_FIELDS = ("access_token",)

__all__ = ["ChannelForm", "MediaFacts", "SocialPostForm"]


class SocialPostForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and self.for_user is not None:
            self.instance.author = self.for_user
        prefill_bound(self)  # a rubric chosen and no text: the rubric's text
        self._limit_campaigns()

    def _limit_campaigns(self):
        # Only a published campaign can be chosen (a draft page may never run, and its
        # UTM name may still change); a post already tied to a campaign that was later
        # unpublished keeps it, so editing the post does not fail on a field nobody touched.
        field = self.fields.get("campaign")
        if field is None:
            return
        keep = Q(pk=self.instance.campaign_id) if self.instance.campaign_id else Q(pk__in=[])
        field.queryset = field.queryset.filter(Q(live=True) | keep)
        field.error_messages["invalid_choice"] = _(
            "Choose a published campaign; this one is not published."
        )

    def clean(self):
        cleaned = super().clean()
        go_live_at = cleaned.get("go_live_at")
        if go_live_at and go_live_at < timezone.now() and "go_live_at" in self.changed_data:
            self.add_error("go_live_at", _("The publishing time has already passed."))
        return cleaned

    def is_valid(self):
        # Network rules need the images and versions, which are validated by the
        # formsets after clean(): check them once everything else is valid.
        if not super().is_valid():
            return False
        if self.is_deferred_validation:
            # Saving a draft (or autosaving): a draft may be too long or still lack
            # its images. Submitting and publishing validate in full.
            return True
        self._check_networks()
        return not self.errors

    def _check_networks(self):
        channels = self.cleaned_data.get("channels") or []
        for channel in channels:
            if not channel.is_manual and not channel.has_credentials:
                self.add_error(
                    "channels",
                    _("%(channel)s has no credentials; connect the account first.")
                    % {"channel": channel},
                )
        post = self.unsaved_post()
        for channel in channels:
            for problem in problems_for(post, channel):
                self.add_error(None, problem.message)
        # Required rules of the pre-publish checklist (editorial.campaigns), the same
        # evaluation the editor shows live.
        for message in blocking_messages(post, channels, self.for_user):
            self.add_error(None, message)

    def unsaved_post(self):
        """The post as the submitted form describes it, its versions and images held
        in memory (nothing is saved), so `networks.outgoing_text` composes it exactly
        as it will compose the saved post. Fields that did not validate are left out."""
        cleaned = getattr(self, "cleaned_data", None) or {}
        post = SocialPost(
            text=cleaned.get("text") or "",
            link=cleaned.get("link") or "",
            add_utm=bool(cleaned.get("add_utm")),
            utm_campaign=cleaned.get("utm_campaign") or "",
            rubric=cleaned.get("rubric"),
            campaign=cleaned.get("campaign"),  # its UTM name is in the link it measures
            author=self.instance.author,
        )
        post.variants = [
            PostVariant(channel=data["channel"], text=data.get("text") or "")
            for data in self._formset_rows("variants")
            if data.get("channel")
        ]
        post.images = [
            PostImage(
                image=data["image"],
                alt_text=data.get("alt_text") or "",
                channel=data.get("channel"),
            )
            for data in self._formset_rows("images")
            if data.get("image")
        ]
        return post

    def _formset_rows(self, name):
        formset = self.formsets.get(name)
        for form in formset.forms if formset else []:
            form.errors  # noqa: B018 - cleans the form if it was not yet cleaned
            data = getattr(form, "cleaned_data", None) or {}
            if not data.get("DELETE"):
                yield data


class ChannelForm(WagtailAdminModelForm):
    """Credentials are write-only: entered here, encrypted, never shown again.

    They belong to one account on one server: when the network, the Mastodon server
    or the account ID changes, the stored token is removed (unless a new one is
    entered in the same save), so a token can never be pointed somewhere else.
    What changed is kept in `changes` for the history and the head's notice.
    """

    access_token = forms.CharField(
        label=_("Access token"),
        required=False,
        strip=True,
        max_length=4000,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Leave empty to keep the stored token. It is never shown again."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._before = self._snapshot() if self.instance.pk else {}
        if not self.instance.pk and "department" in self.fields and self.for_user is not None:
            profile = getattr(self.for_user, "staff_profile", None)
            if profile is not None and profile.department_id:
                self.initial.setdefault("department", profile.department_id)
        self.changes = {}

    def _snapshot(self):
        values = {}
        for name in self._meta.fields or ():
            try:
                field = self.instance._meta.get_field(name)
            except FieldDoesNotExist:  # a form-only field such as access_token
                continue
            values[name] = field.value_from_object(self.instance)
        return values

    def clean(self):
        cleaned = super().clean()
        from .networks import RULES

        network = cleaned.get("network")
        if (
            network
            and RULES[network].api
            and not cleaned.get("account_id")
            and network != "mastodon"
        ):
            self.add_error("account_id", _("This network needs the account ID."))
        return cleaned

    def save(self, commit=True):
        channel = self.instance
        after = self._snapshot()
        changed = [name for name, value in after.items() if self._before.get(name) != value]
        token = self.cleaned_data.get("access_token")
        identity_changed = bool(self._before) and any(name in changed for name in IDENTITY_FIELDS)
        credentials_removed = identity_changed and channel.has_credentials and not token
        if token:
            channel.set_credentials({"access_token": token})
        elif identity_changed:
            channel.clear_credentials()
        self.changes = {
            "created": not self._before,
            "fields": [] if not self._before else changed,
            "token_replaced": bool(token),
            "credentials_removed": credentials_removed,
        }
        return super().save(commit=commit)
