"""Pre-publish checklist rules (patikros sąrašas prieš skelbiant), per library site.

The department head decides which rules hold for which content, and whether each is
required (blocks submission to moderation and approval) or recommended (warns).
The rules are evaluated by editorial/campaigns/checklist.py, both live in the editor
and when the post is submitted (docs/decisions/checklist.md)."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from editorial.social.networks import Network


class ChecklistRule(models.Model):
    class Kind(models.TextChoices):
        ALT_TEXT = "alt_text", _("Alternative text on every image")
        HASHTAG = "hashtag", _("A hashtag from the brand kit or the rubric")
        UTM_LINK = "utm_link", _("A link with UTM tags")
        IMAGE_RATIO = "image_ratio", _("Image aspect ratio for a network")
        CAMPAIGN_OR_RUBRIC = "campaign_or_rubric", _("A campaign or a rubric chosen")
        TEXT_LENGTH = "text_length", _("Text length within a band")
        BANNED_WORDS = "banned_words", _("No banned words")

    class Level(models.TextChoices):
        REQUIRED = "required", pgettext_lazy("checklist rule", "Required")
        RECOMMENDED = "recommended", pgettext_lazy("checklist rule", "Recommended")

    class AppliesTo(models.TextChoices):
        SOCIAL_POST = "social_post", _("Social posts")

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("library site"),
        on_delete=models.CASCADE,
        related_name="checklist_rules",
    )
    kind = models.CharField(_("rule"), max_length=30, choices=Kind.choices)
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.RECOMMENDED
    )
    applies_to = models.CharField(
        _("applies to"), max_length=30, choices=AppliesTo.choices, default=AppliesTo.SOCIAL_POST
    )
    active = models.BooleanField(_("active"), default=True)
    min_chars = models.PositiveIntegerField(
        _("minimum characters"), null=True, blank=True, help_text=_("For the text length rule.")
    )
    max_chars = models.PositiveIntegerField(
        _("maximum characters"), null=True, blank=True, help_text=_("For the text length rule.")
    )
    words = models.TextField(
        _("banned words"),
        blank=True,
        max_length=5000,
        help_text=_("For the banned words rule: one word or phrase per line."),
    )
    network = models.CharField(
        _("network"),
        max_length=20,
        choices=Network.choices,
        blank=True,
        help_text=_("For the image ratio rule: the network whose images are checked."),
    )
    min_ratio = models.DecimalField(
        _("narrowest ratio (width ÷ height)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.1)],
        help_text=_("For the image ratio rule, e.g. 0.8 for 4:5."),
    )
    max_ratio = models.DecimalField(
        _("widest ratio (width ÷ height)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0.1)],
        help_text=_("For the image ratio rule, e.g. 1.91 for 1.91:1."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("site"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("level")]),
        FieldRowPanel([FieldPanel("applies_to"), FieldPanel("active")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("min_chars"), FieldPanel("max_chars")]),
                FieldPanel("words"),
                FieldRowPanel(
                    [FieldPanel("network"), FieldPanel("min_ratio"), FieldPanel("max_ratio")]
                ),
            ],
            heading=_("Parameters"),
        ),
    ]

    class Meta:
        ordering = ["site", "kind", "pk"]
        verbose_name = _("checklist rule")
        verbose_name_plural = _("checklist rules")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_level_display()})"

    @property
    def is_required(self):
        return self.level == self.Level.REQUIRED

    def banned_words(self):
        return [line.strip() for line in (self.words or "").splitlines() if line.strip()]

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == self.Kind.TEXT_LENGTH:
            if self.min_chars is None and self.max_chars is None:
                errors["min_chars"] = _("Give a minimum, a maximum or both.")
            elif (
                self.min_chars is not None
                and self.max_chars is not None
                and self.min_chars > self.max_chars
            ):
                errors["max_chars"] = _("The maximum must not be smaller than the minimum.")
        if self.kind == self.Kind.BANNED_WORDS and not self.banned_words():
            errors["words"] = _("List at least one word.")
        if self.kind == self.Kind.IMAGE_RATIO:
            if not self.network:
                errors["network"] = _("Choose the network whose images are checked.")
            if self.min_ratio is None and self.max_ratio is None:
                errors["min_ratio"] = _("Give the narrowest ratio, the widest or both.")
            elif (
                self.min_ratio is not None
                and self.max_ratio is not None
                and self.min_ratio > self.max_ratio
            ):
                errors["max_ratio"] = _("The widest ratio must not be smaller than the narrowest.")
        if errors:
            raise ValidationError(errors)
