"""The poll and quiz registers (snippets), their results pages and xlsx exports."""

import io
from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from . import polls_permissions as permissions
from .models import Poll, PollVote, Quiz, QuizSubmission
from .polls_services import poll_results

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CountColumn(Column):
    def get_value(self, instance):
        return getattr(instance, self.name, 0)


class ResultsColumn(Column):
    def __init__(self, url_name, **kwargs):
        super().__init__("results", label=gettext_lazy("Results"), **kwargs)
        self.url_name = url_name

    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a>', reverse(self.url_name, args=[instance.pk]), _("Results")
        )


class PollIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(counted=Count("votes", filter=Q(votes__confirmed_at__isnull=False)))
        )


class QuizIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(answered=Count("submissions"))


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "list-ul"
    menu_label = gettext_lazy("Polls")
    index_view_class = PollIndexView
    list_per_page = 25
    search_fields = ["question"]
    list_display = [
        "question",
        "opens_at",
        "closes_at",
        CountColumn("counted", label=gettext_lazy("Votes counted")),
        ResultsColumn("campaigns_poll_results"),
    ]
    panels = [
        FieldPanel("question"),
        FieldPanel("description"),
        InlinePanel("options", label=gettext_lazy("Answers"), min_num=2),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
            heading=gettext_lazy("Period"),
        ),
        FieldPanel("results"),
        FieldPanel("mode"),
    ]


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "help"
    menu_label = gettext_lazy("Quizzes")
    index_view_class = QuizIndexView
    list_per_page = 25
    search_fields = ["title"]
    list_display = [
        "title",
        "opens_at",
        "closes_at",
        CountColumn("answered", label=gettext_lazy("Answers")),
        ResultsColumn("campaigns_quiz_results"),
    ]
    panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        FieldPanel("questions"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
            heading=gettext_lazy("Period"),
        ),
        MultiFieldPanel([FieldPanel("promotion")], heading=gettext_lazy("Prize draw")),
    ]


class InteractiveContentGroup(SnippetViewSetGroup):
    items = (PollViewSet, QuizViewSet)
    menu_label = gettext_lazy("Polls and quizzes")
    menu_icon = "list-ul"
    menu_name = "polls"
    menu_order = 153  # after rubrics (151) and deliveries (152)


# Results ----------------------------------------------------------------------------


def _require(decision):
    if not decision:
        raise PermissionDenied(decision.reason)


def _cell(value):
    """Text a spreadsheet must not run as a formula (a visitor's name is theirs to choose)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _xlsx(book, filename):
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def poll_results_view(request, pk):
    _require(permissions.can_view_poll_results(request.user))
    poll = get_object_or_404(Poll, pk=pk)
    rows, total = poll_results(poll)
    pending = PollVote.objects.filter(poll=poll, confirmed_at__isnull=True).count()
    return render(
        request,
        "campaigns/polls_admin_poll_results.html",
        {"poll": poll, "rows": rows, "total": total, "pending": pending},
    )


def poll_export_view(request, pk):
    from openpyxl import Workbook

    _require(permissions.can_view_poll_results(request.user))
    poll = get_object_or_404(Poll, pk=pk)
    rows, total = poll_results(poll)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Results")[:31]
    sheet.append([_("Question"), _cell(poll.question)])
    sheet.append([_("Answer"), _("Votes counted"), _("Percent")])
    for option, votes, percent in rows:
        sheet.append([_cell(option.label), votes, percent])
    sheet.append([_("In all"), total, 100 if total else 0])
    votes = book.create_sheet(_("Votes")[:31])
    votes.append([_("Time"), _("Answer"), _("Confirmed")])
    for created_at, label, confirmed_at in (
        PollVote.objects.filter(poll=poll)
        .order_by("created_at", "pk")
        .values_list("created_at", "option__label", "confirmed_at")
        .iterator()
    ):
        votes.append([_local(created_at), _cell(label), _local(confirmed_at)])
    return _xlsx(book, f"apklausa-{poll.pk}.xlsx")


def _quiz_figures(quiz):
    questions = quiz.question_list()
    right, scores = Counter(), Counter()
    submissions = 0
    for answers, score in (
        QuizSubmission.objects.filter(quiz=quiz).values_list("answers", "score").iterator()
    ):
        submissions += 1
        scores[score] += 1
        for question_id, _text, options in questions:
            index = answers.get(question_id)
            if isinstance(index, int) and 0 <= index < len(options) and options[index][2]:
                right[question_id] += 1
    per_question = [(text, right[qid]) for qid, text, _options in questions]
    average = sum(s * n for s, n in scores.items()) / submissions if submissions else 0
    return {
        "submissions": submissions,
        "average": round(average, 1),
        "max_score": len(questions),
        "per_question": per_question,
        "scores": sorted(scores.items()),
    }


def quiz_results_view(request, pk):
    _require(permissions.can_view_quiz_results(request.user))
    quiz = get_object_or_404(Quiz.objects.select_related("promotion"), pk=pk)
    context = {"quiz": quiz, **_quiz_figures(quiz)}
    return render(request, "campaigns/polls_admin_quiz_results.html", context)


def quiz_export_view(request, pk):
    from openpyxl import Workbook

    _require(permissions.can_view_quiz_results(request.user))
    quiz = get_object_or_404(Quiz, pk=pk)
    figures = _quiz_figures(quiz)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Results")[:31]
    sheet.append([_("Quiz"), _cell(quiz.title)])
    sheet.append([_("Answers"), figures["submissions"]])
    sheet.append([_("Average score"), figures["average"], figures["max_score"]])
    sheet.append([_("Question"), _("Answered right")])
    for text, right in figures["per_question"]:
        sheet.append([_cell(text), right])
    return _xlsx(book, f"viktorina-{quiz.pk}.xlsx")


def admin_urlpatterns():
    return [
        path("polls/<int:pk>/results/", poll_results_view, name="campaigns_poll_results"),
        path("polls/<int:pk>/export/", poll_export_view, name="campaigns_poll_export"),
        path("quizzes/<int:pk>/results/", quiz_results_view, name="campaigns_quiz_results"),
        path("quizzes/<int:pk>/export/", quiz_export_view, name="campaigns_quiz_export"),
    ]
