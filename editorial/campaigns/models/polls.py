"""Polls and quizzes (apklausos ir viktorinos): records chosen in the public body blocks.

A StreamField block has no identity in the database, so the question, options, period
and rules live in a record (a snippet) that the block only points to; votes and quiz
answers point to that record. docs/decisions/polls.md gives the reasons.

Votes are counted on read (one grouped query); nothing is kept as a running counter,
so a rolled-back vote can never leave a count behind.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

TOKEN_LENGTH = 32


class OpenPeriodMixin(models.Model):
    opens_at = models.DateTimeField(_("opens"), default=timezone.now)
    closes_at = models.DateTimeField(
        _("closes"), null=True, blank=True, help_text=_("Empty: open until closed here.")
    )
    # Public pages are cached; a change to a poll or quiz must reach them (home/cache.py).
    shown_on_public_pages = True

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.closes_at and self.opens_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("It cannot close before it opens.")})

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)

    def has_closed(self, now=None):
        now = now or timezone.now()
        return self.closes_at is not None and now >= self.closes_at


class Poll(index.Indexed, OpenPeriodMixin, ClusterableModel):
    class Results(models.TextChoices):
        AFTER_VOTING = "after_voting", _("to those who voted, right after voting")
        AFTER_CLOSING = "after_closing", _("to everyone, after the poll closes")

    class Mode(models.TextChoices):
        ANONYMOUS = "anonymous", _("anonymous: one vote per browser, limited per address")
        CONFIRMED_EMAIL = (
            "confirmed_email",
            _("decides something: a vote counts once its e-mail address is confirmed"),
        )

    question = models.CharField(_("question"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    results = models.CharField(
        _("results shown"), max_length=20, choices=Results.choices, default=Results.AFTER_VOTING
    )
    mode = models.CharField(
        _("voting"), max_length=20, choices=Mode.choices, default=Mode.ANONYMOUS
    )
    created_at = models.DateTimeField(auto_now_add=True)

    search_fields = [index.SearchField("question"), index.AutocompleteField("question")]

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-opens_at", "-pk"]

    def __str__(self):
        return self.question

    @property
    def needs_email(self):
        return self.mode == self.Mode.CONFIRMED_EMAIL


class PollOption(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(pgettext_lazy("poll option", "option"), max_length=200)

    class Meta(Orderable.Meta):
        verbose_name = pgettext_lazy("poll option", "option")
        verbose_name_plural = pgettext_lazy("poll option", "options")

    def __str__(self):
        return self.label


class PollVote(models.Model):
    """One vote. `token` is the browser's voter token (a signed cookie), `address` a
    keyed hash of the visitor's address salted with the poll (never the address
    itself), `email_digest` a keyed hash of the normalised e-mail for polls that
    decide something. Only confirmed votes are counted."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    token = models.CharField(max_length=TOKEN_LENGTH)
    address = models.CharField(max_length=64)
    email_digest = models.CharField(max_length=64, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["poll", "token"], name="poll_vote_one_per_browser"),
            models.UniqueConstraint(
                fields=["poll", "email_digest"],
                condition=models.Q(email_digest__isnull=False),
                name="poll_vote_one_per_email",
            ),
        ]
        indexes = [models.Index(fields=["poll", "option"], name="poll_vote_counting")]

    def __str__(self):
        return f"{self.poll_id}: {self.option_id}"


class PollAddressQuota(models.Model):
    """Votes cast from one (hashed) address in one poll, raised atomically with the
    vote in the same transaction (an upsert bounded by settings.POLL_VOTES_PER_ADDRESS),
    so concurrent votes from one address cannot pass the limit."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="+")
    address = models.CharField(max_length=64)
    votes = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "address"], name="poll_quota_per_address")
        ]

    def __str__(self):
        return f"{self.poll_id}: {self.votes}"


class QuizQuestionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("question"), max_length=300)
    options = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("label", blocks.CharBlock(label=pgettext_lazy("quiz", "answer"), max_length=200)),
                ("correct", blocks.BooleanBlock(label=_("correct"), required=False)),
            ],
            label=pgettext_lazy("quiz", "answer"),
        ),
        label=pgettext_lazy("quiz", "answers"),
        min_num=2,
    )

    class Meta:
        label = _("question")
        icon = "help"

    def clean(self, value):
        value = super().clean(value)
        if not any(option["correct"] for option in value["options"]):
            raise blocks.StructBlockValidationError(
                block_errors={"options": ValidationError(_("Mark at least one answer as correct."))}
            )
        return value


class Quiz(index.Indexed, OpenPeriodMixin, ClusterableModel):
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True, max_length=2000)
    questions = StreamField(
        [("question", QuizQuestionBlock())], verbose_name=_("questions"), min_num=1
    )
    # The quiz's prize draw IS this promotion's draw: opted-in visitors become its
    # entries (one per person, its retention, its auditable draw), so the public's
    # personal data live in one place (docs/decisions/polls.md).
    promotion = models.ForeignKey(
        "campaigns.PromotionPage",
        verbose_name=_("promotion or contest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quizzes",
        help_text=_(
            "The prize draw that those who answer the quiz may enter. The entry form is "
            "offered only while the promotion accepts entries; its rules apply."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ["-opens_at", "-pk"]

    def __str__(self):
        return self.title

    def open_promotion(self, now=None):
        """The promotion whose draw this quiz offers now: set, published and taking
        entries; otherwise None (and no entry form is shown or accepted)."""
        promotion = self.promotion
        if promotion is not None and promotion.live and promotion.is_open(now):
            return promotion
        return None

    def question_list(self):
        """[(id, text, [(index, label, correct), ...]), ...] in the editor's order."""
        return [
            (
                block.id,
                block.value["text"],
                [(i, o["label"], o["correct"]) for i, o in enumerate(block.value["options"])],
            )
            for block in self.questions
        ]


class QuizSubmission(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="submissions")
    token = models.CharField(max_length=TOKEN_LENGTH)
    answers = models.JSONField(default=dict)  # question id -> chosen answer index
    score = models.PositiveSmallIntegerField()
    max_score = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("quiz answer")
        verbose_name_plural = _("quiz answers")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "token"], name="quiz_one_per_browser")
        ]

    def __str__(self):
        return f"{self.quiz_id}: {self.score}/{self.max_score}"
