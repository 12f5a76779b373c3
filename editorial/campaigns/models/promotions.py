"""Promotions and contests (akcijos / konkursai): a public page with rules, a period,
prizes and an entry form; the entries; and the auditable draw.

The draw algorithm and retention are explained in docs/decisions/contests.md; the
domain operations live in editorial/campaigns/contests_services.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .campaigns import PUBLIC_TEXT_FEATURES


class PromotionPage(Page):
    """A promotion or contest. It lives under the campaign list (a giveaway of its own)
    or under a campaign page (a contest that is part of a campaign), so every
    promotion is found in one branch of the tree (docs/decisions/contests.md)."""

    intro = RichTextField(_("introduction"), blank=True, features=PUBLIC_TEXT_FEATURES)
    rules = RichTextField(_("rules"), features=PUBLIC_TEXT_FEATURES)
    rules_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("rules document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opens_at = models.DateTimeField(_("entries open"))
    closes_at = models.DateTimeField(_("entries close"))
    question = models.CharField(
        _("question"),
        max_length=300,
        help_text=_("What entrants answer, e.g. “Which book is described here?”"),
    )
    winners_count = models.PositiveSmallIntegerField(_("number of winners"), default=1)
    reserves_count = models.PositiveSmallIntegerField(
        _("number of reserve winners"),
        default=1,
        help_text=_("Reserve winners take a prize in order when a winner cannot."),
    )

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("rules")]
    parent_page_types = ["campaigns.CampaignIndexPage", "campaigns.CampaignPage"]
    subpage_types = []
    template = "campaigns/contests_promotion_page.html"
    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
            heading=_("Period"),
        ),
        FieldPanel("question"),
        InlinePanel("prizes", heading=_("Prizes"), label=_("prize")),
        FieldRowPanel([FieldPanel("winners_count"), FieldPanel("reserves_count")]),
        MultiFieldPanel([FieldPanel("rules"), FieldPanel("rules_document")], heading=_("Rules")),
    ]

    class Meta:
        verbose_name = _("promotion or contest")
        verbose_name_plural = _("promotions and contests")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Entries must close after they open.")})
        if self.winners_count is not None and self.winners_count < 1:
            raise ValidationError({"winners_count": _("There must be at least one winner.")})

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def serve(self, request, *args, **kwargs):
        from ..contests_public import serve_promotion

        return serve_promotion(self, request)


class PromotionPrize(Orderable):
    page = ParentalKey(PromotionPage, on_delete=models.CASCADE, related_name="prizes")
    name = models.CharField(_("prize"), max_length=200)
    count = models.PositiveSmallIntegerField(_("how many"), default=1)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("count")])]

    class Meta(Orderable.Meta):
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")

    def __str__(self):
        return f"{self.name} × {self.count}"


class PromotionEntry(models.Model):
    """One person's entry (konkurso dalyvio anketa). Personal data (name, e-mail,
    answer) are blanked after the retention period; the row and its id stay, so the
    draw record that lists it can still be verified."""

    promotion = models.ForeignKey(
        PromotionPage,
        verbose_name=_("promotion"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    # The key of "one entry per person" (contests_services.normalise_email).
    email_key = models.CharField(_("normalised e-mail"), max_length=254, editable=False)
    answer = models.TextField(_("answer"), max_length=2000)
    consent_rules = models.BooleanField(_("accepted the rules"), default=False)
    consent_processing = models.BooleanField(_("agreed to processing"), default=False)
    language = models.CharField(_("language"), max_length=10, default="lt")
    created_at = models.DateTimeField(_("entered at"), default=timezone.now, db_index=True)
    notified_at = models.DateTimeField(_("winner notified at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contest entry")
        verbose_name_plural = _("contest entries")
        ordering = ["promotion", "pk"]
        permissions = [
            ("export_promotionentry", "Can export contest entries"),
            ("run_promotiondraw", "Can run a contest draw"),
        ]
        constraints = [
            # One active entry per person: concurrent duplicates lose in the database.
            models.UniqueConstraint(
                fields=["promotion", "email_key"],
                condition=Q(anonymised_at__isnull=True),
                name="one_active_entry_per_person",
            )
        ]

    def __str__(self):
        if self.anonymised_at:
            return _("Entry %(id)s (erased)") % {"id": self.pk}
        return f"{self.name} <{self.email}>"


class PromotionDraw(models.Model):
    """The record of a draw: enough to reproduce it (contests_draw.reproduce)."""

    promotion = models.OneToOneField(
        PromotionPage,
        verbose_name=_("promotion"),
        on_delete=models.CASCADE,
        related_name="draw",
    )
    run_at = models.DateTimeField(_("drawn at"), default=timezone.now)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    run_by_name = models.CharField(_("drawn by (name)"), max_length=300)
    on_behalf_of = models.CharField(_("on behalf of"), max_length=300, blank=True)
    algorithm = models.CharField(_("algorithm"), max_length=50)
    algorithm_version = models.PositiveSmallIntegerField(_("algorithm version"))
    seed = models.CharField(_("random seed"), max_length=128)
    entry_ids = models.JSONField(_("frozen eligible entries"))
    entries_hash = models.CharField(_("hash of the frozen entries"), max_length=64)
    winners_count = models.PositiveSmallIntegerField(_("number of winners"))
    reserves_count = models.PositiveSmallIntegerField(_("number of reserve winners"))
    winner_ids = models.JSONField(_("winners"))
    reserve_ids = models.JSONField(_("reserve winners"))
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    erased_count = models.PositiveIntegerField(_("entries erased"), default=0)

    class Meta:
        verbose_name = _("contest draw")
        verbose_name_plural = _("contest draws")

    def __str__(self):
        return _("Draw of %(promotion)s") % {"promotion": self.promotion.title}
