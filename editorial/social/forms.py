"""Admin forms: a post is checked against every target network before it can be saved."""

import mimetypes

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import SocialPost
from .models.channels import IDENTITY_FIELDS
from .networks import validate

CREDENTIAL_FIELDS = ("access_token",)


class SocialPostForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and self.for_user is not None:
            self.instance.author = self.for_user

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
        self._check_networks(self.cleaned_data)
        return not self.errors

    def _check_networks(self, cleaned):
        channels = cleaned.get("channels") or []
        for channel in channels:
            if not channel.is_manual and not channel.has_credentials:
                self.add_error(
                    "channels",
                    _("%(channel)s has no credentials; connect the account first.")
                    % {"channel": channel},
                )
        for channel in channels:
            text, media = self._content_for(channel, cleaned)
            link = SocialPost(
                link=cleaned.get("link", ""),
                add_utm=cleaned.get("add_utm", False),
                utm_campaign=cleaned.get("utm_campaign", ""),
            ).link_for(channel)
            for problem in validate(channel.network, text, media, link):
                self.add_error(None, problem.message)

    def _content_for(self, channel, cleaned):
        """The text and images this channel would get, from the submitted form."""
        text = cleaned.get("text", "")
        variants = self.formsets.get("variants")
        for form in variants.forms if variants else []:
            data = getattr(form, "cleaned_data", {}) or {}
            if data.get("DELETE") or data.get("channel") != channel:
                continue
            if (data.get("text") or "").strip():
                text = data["text"]
        images = []
        image_forms = self.formsets.get("images")
        for form in image_forms.forms if image_forms else []:
            data = getattr(form, "cleaned_data", {}) or {}
            if data.get("DELETE") or not data.get("image"):
                continue
            images.append(
                (
                    data.get("channel"),
                    MediaFacts.from_image(data["image"], data.get("alt_text", "")),
                )
            )
        own = [facts for owner, facts in images if owner == channel]
        return text, own or [facts for owner, facts in images if owner is None]


class MediaFacts:
    """What network rules need to know about an image."""

    def __init__(self, content_type, alt_text, size):
        self.content_type = content_type
        self.alt_text = alt_text
        self.size = size

    @classmethod
    def from_image(cls, image, alt_text):
        content_type = mimetypes.guess_type(image.file.name)[0] or "application/octet-stream"
        return cls(content_type, alt_text, image.file_size or 0)


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
