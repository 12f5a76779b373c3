"""Where money can come from: funding sources, support agreements and concrete calls."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.search import index

from .common import long_text, money_field, share_field


class FundingSource(index.Indexed, ClusterableModel):
    """A funder and its programme: the Council for Culture, a municipality, Erasmus+…"""

    class Kind(models.TextChoices):
        STATE = "state", _("State institution or fund")
        MUNICIPALITY = "municipality", _("Municipality")
        EU = "eu", _("EU programme")
        FOUNDATION = "foundation", _("Foundation")
        COMPANY = "company", _("Company (sponsorship or support)")
        DONATIONS = "donations", _("Donations or crowdfunding")
        PARTNER = "partner", _("Partner organisation")
        OTHER = "other", _("Other")

    funder = models.CharField(_("funder"), max_length=200)
    kind = models.CharField(_("kind of funder"), max_length=20, choices=Kind.choices)
    programme = models.CharField(_("programme"), max_length=300, blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    eligible_applicants = long_text(_("who may apply"), blank=True)
    eligible_costs = long_text(_("eligible costs"), blank=True)
    typical_amount_min = money_field(_("typical amount from, EUR"), null=True, blank=True)
    typical_amount_max = money_field(_("typical amount up to, EUR"), null=True, blank=True)
    own_contribution_share = share_field(_("required own contribution, %"), null=True, blank=True)
    recurring_deadlines = models.CharField(
        _("recurring deadlines"),
        max_length=300,
        blank=True,
        help_text=_("For example: every year by 1 March and 1 October."),
    )
    notes = long_text(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    tags = ClusterTaggableManager(
        through="grants.FundingSourceTag", blank=True, verbose_name=_("tags")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    search_fields = [
        index.SearchField("funder"),
        index.SearchField("programme"),
        index.SearchField("eligible_costs"),
        index.SearchField("notes"),
        index.AutocompleteField("funder"),
        index.AutocompleteField("programme"),
        index.FilterField("kind"),
        index.FilterField("active"),
    ]

    class Meta:
        ordering = ["funder", "programme"]
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def __str__(self):
        return f"{self.funder} — {self.programme}" if self.programme else self.funder

    def clean(self):
        super().clean()
        low, high = self.typical_amount_min, self.typical_amount_max
        if low is not None and high is not None and low > high:
            raise ValidationError(
                {
                    "typical_amount_max": _(
                        "The typical amount “up to” must not be smaller than the amount “from”."
                    )
                }
            )


class FundingSourceTag(TaggedItemBase):
    content_object = ParentalKey(
        FundingSource, on_delete=models.CASCADE, related_name="tagged_items"
    )


class SupportAgreement(models.Model):
    """Sponsorship or support received under the Law on Charity and Sponsorship."""

    source = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    number = models.CharField(_("agreement number"), max_length=100, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    amount = money_field(_("amount, EUR"), null=True, blank=True)
    in_kind = models.CharField(_("support in kind"), max_length=300, blank=True)
    acknowledgement = long_text(
        _("how the support must be acknowledged"),
        blank=True,
        help_text=_("The wording, logo use and places the agreement requires."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("agreement document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("support agreement")
        verbose_name_plural = _("support agreements")

    def __str__(self):
        return self.number or str(self.source)

    def clean(self):
        super().clean()
        if self.signed_on and self.valid_until and self.valid_until < self.signed_on:
            raise ValidationError(
                {"valid_until": _("An agreement cannot end before it was signed.")}
            )


# The most a call may offer: larger than any programme a library applies to (Creative
# Europe's large cooperation projects reach 2 million); more is a typing error.
CALL_AMOUNT_LIMIT = Decimal("10000000")


class Call(index.Indexed, models.Model):
    """A source's concrete call for applications, with the head's go / no-go."""

    class Decision(models.TextChoices):
        UNDECIDED = "undecided", _("not decided")
        GO = "go", _("apply")
        NO_GO = "no_go", _("do not apply")

    source = models.ForeignKey(
        FundingSource,
        verbose_name=_("funding source"),
        on_delete=models.PROTECT,
        related_name="calls",
    )
    name = models.CharField(_("call"), max_length=300)
    deadline = models.DateTimeField(_("deadline"), help_text=_("Europe/Vilnius time."))
    max_amount = money_field(_("maximum amount, EUR"), null=True, blank=True)
    min_own_share = share_field(_("minimum own contribution, %"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grant_calls",
        limit_choices_to={"is_active": True},
        help_text=_("Gets the reminders; the head of their department decides go / no-go."),
    )
    decision = models.CharField(
        _("go / no-go"), max_length=10, choices=Decision.choices, default=Decision.UNDECIDED
    )
    decision_reason = long_text(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("decision"),
        index.FilterField("deadline"),
    ]

    class Meta:
        ordering = ["deadline"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        indexes = [models.Index(fields=["deadline"], name="grants_call_deadline")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self._state.adding and self.deadline is not None and self.deadline <= timezone.now():
            errors["deadline"] = _(
                "The deadline has already passed: enter a future date and time (Europe/Vilnius)."
            )
        if self.max_amount is not None and not (0 < self.max_amount <= CALL_AMOUNT_LIMIT):
            errors["max_amount"] = _(
                "The maximum amount must be more than 0 and at most 10,000,000 EUR."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self):
        return self.deadline > timezone.now()
