"""Public addresses of polls and quizzes (registered through cms.public_urls)."""

from django.urls import path

from . import polls_views


def public_urlpatterns():
    return [
        path("apklausos/<int:pk>/balsuoti/", polls_views.vote, name="campaigns_poll_vote"),
        path(
            "apklausos/patvirtinti/<str:signed>/",
            polls_views.confirm,
            name="campaigns_poll_confirm",
        ),
        path(
            "viktorinos/<int:pk>/atsakyti/",
            polls_views.answer_quiz,
            name="campaigns_quiz_answer",
        ),
    ]
