"""The pre-publish checklist: one evaluation for the live editor and for submission.

`evaluate(post, channels, site)` answers one verdict per active rule of the site
(ChecklistRule). The editor's endpoint (checklist_views.py) shows every verdict as the
author types; the social post form (through editorial.social.checks) and the head's
approval refuse a post while a required rule fails, with the same messages. Nothing
here saves anything: `post` may be an unsaved post built from the editor's form, a
revision's object or a saved post.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from django.utils.translation import gettext as _
from wagtail.models import Site

from .models import BrandKit, ChecklistRule
from .models.brand import hashtags_in

Kind = ChecklistRule.Kind


@dataclass(frozen=True)
class Verdict:
    rule_id: int
    label: str
    required: bool
    passed: bool
    message: str

    @property
    def blocking(self):
        return self.required and not self.passed

    def as_json(self):
        return {
            "rule": self.rule_id,
            "label": self.label,
            "required": self.required,
            "passed": self.passed,
            "message": self.message,
        }

    def reason(self):
        """The sentence shown when the rule stops a submission."""
        return _("Checklist: %(rule)s. %(message)s") % {"rule": self.label, "message": self.message}


def site_for_post(post, channels=(), user=None, request=None):
    """The library (site) whose brand kit and rules hold for `post`.

    One installation serves many libraries, so it is looked up, never assumed: the
    site of the post's first channel that names one, else the site of the author's
    (or the current user's) department, else the site the request came to, else the
    default site."""
    for channel in channels:
        if getattr(channel, "site_id", None):
            return channel.site
    for person in (getattr(post, "author", None), user):
        profile = getattr(person, "staff_profile", None) if person is not None else None
        department = getattr(profile, "department", None) if profile else None
        if department is not None and department.site_id:
            return department.site
    if request is not None:
        site = Site.find_for_request(request)
        if site is not None:
            return site
    return Site.objects.filter(is_default_site=True).first()


def rules_for(site, applies_to=ChecklistRule.AppliesTo.SOCIAL_POST):
    if site is None:
        return []
    return list(ChecklistRule.objects.filter(site=site, applies_to=applies_to, active=True))


def evaluate(post, channels, site, rules=None):
    """One verdict per active rule of `site` for `post` going to `channels`."""
    rules = rules_for(site) if rules is None else rules
    channels = list(channels)
    facts = _Facts(post, channels, site)
    return [_judge(rule, facts) for rule in rules]


def blocking_reasons(post, channels, user):
    """The social post check registered in editorial.social.checks."""
    site = site_for_post(post, channels, user=user)
    return [verdict.reason() for verdict in evaluate(post, channels, site) if verdict.blocking]


class _Facts:
    """What the rules read from a post, each read once."""

    def __init__(self, post, channels, site):
        self.post = post
        self.channels = channels
        self.site = site
        self.images = list(post.images.all())
        self.variants = [v for v in post.variants.all() if (v.text or "").strip()]
        self.texts = [post.text or "", *(v.text for v in self.variants)]
        self._kit = None

    @property
    def kit(self):
        if self._kit is None:
            self._kit = (
                BrandKit.objects.filter(site=self.site).first() if self.site else None
            ) or BrandKit()
        return self._kit

    def rubric(self):
        return getattr(self.post, "rubric", None) if self.post.rubric_id else None


def _judge(rule, facts):
    passed, message = CHECKS[rule.kind](rule, facts)
    return Verdict(
        rule_id=rule.pk,
        label=str(rule.get_kind_display()),
        required=rule.is_required,
        passed=passed,
        message=message,
    )


def _alt_text(rule, facts):
    missing = sum(1 for item in facts.images if not (item.alt_text or "").strip())
    if not facts.images:
        return True, _("The post has no images.")
    if missing:
        return False, _("%(count)s of %(total)s images have no alternative text.") % {
            "count": missing,
            "total": len(facts.images),
        }
    return True, _("Every image has alternative text.")


def _hashtag(rule, facts):
    allowed = {tag.casefold(): tag for tag in hashtags_in(facts.kit.standard_hashtags)}
    rubric = facts.rubric()
    if rubric is not None:
        allowed.update({tag.casefold(): tag for tag in hashtags_in(rubric.default_hashtags)})
    if not allowed:
        return False, _(
            "Neither the brand kit nor the post's rubric lists hashtags; fill in the brand kit."
        )
    used = {tag.casefold() for text in facts.texts for tag in hashtags_in(text)}
    if used & set(allowed):
        return True, _("The post uses a hashtag of the library.")
    return False, _("Add one of these hashtags: %(tags)s.") % {
        "tags": " ".join(sorted(allowed.values(), key=str.casefold)[:8])
    }


def _utm_link(rule, facts):
    link = facts.post.link or ""
    if not link:
        return False, _("The post has no link.")
    tagged = any(name.startswith("utm_") for name, _value in parse_qsl(urlsplit(link).query))
    if facts.post.add_utm or tagged:
        return True, _("The link carries UTM tags.")
    return False, _("Tick “add UTM tags to the link” or add utm_ parameters to the link.")


def _image_ratio(rule, facts):
    targets = [channel for channel in facts.channels if channel.network == rule.network]
    network = rule.get_network_display()
    if not targets:
        return True, _("No %(network)s channel is chosen.") % {"network": network}
    low = float(rule.min_ratio) if rule.min_ratio is not None else None
    high = float(rule.max_ratio) if rule.max_ratio is not None else None
    wrong = []
    for channel in targets:
        for item in facts.post.images_for(channel):
            image = item.image
            if not image.height:
                continue
            ratio = image.width / image.height
            if (low is not None and ratio < low - 0.005) or (
                high is not None and ratio > high + 0.005
            ):
                wrong.append(f"{image.title} ({ratio:.2f})")
    if wrong:
        return False, _(
            "Images outside %(low)s–%(high)s (width ÷ height) for %(network)s: %(images)s."
        ) % {
            "low": f"{low:.2f}" if low is not None else "…",
            "high": f"{high:.2f}" if high is not None else "…",
            "network": network,
            "images": ", ".join(dict.fromkeys(wrong)),
        }
    return True, _("The images fit %(network)s.") % {"network": network}


def _campaign_or_rubric(rule, facts):
    if facts.post.campaign_id or facts.post.rubric_id:
        return True, _("A campaign or a rubric is chosen.")
    return False, _("Choose the campaign or the rubric the post belongs to.")


def _text_length(rule, facts):
    length = len((facts.post.text or "").strip())
    if rule.min_chars is not None and length < rule.min_chars:
        return False, _("The text has %(count)s characters; at least %(minimum)s are expected.") % {
            "count": length,
            "minimum": rule.min_chars,
        }
    if rule.max_chars is not None and length > rule.max_chars:
        return False, _("The text has %(count)s characters; at most %(maximum)s are expected.") % {
            "count": length,
            "maximum": rule.max_chars,
        }
    return True, _("The text has %(count)s characters.") % {"count": length}


def _banned_words(rule, facts):
    found = []
    for word in rule.banned_words():
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE | re.UNICODE)
        if any(pattern.search(text) for text in facts.texts):
            found.append(word)
    if found:
        return False, _("Remove these words: %(words)s.") % {"words": ", ".join(found)}
    return True, _("No banned words.")


CHECKS = {
    Kind.ALT_TEXT: _alt_text,
    Kind.HASHTAG: _hashtag,
    Kind.UTM_LINK: _utm_link,
    Kind.IMAGE_RATIO: _image_ratio,
    Kind.CAMPAIGN_OR_RUBRIC: _campaign_or_rubric,
    Kind.TEXT_LENGTH: _text_length,
    Kind.BANNED_WORDS: _banned_words,
}
