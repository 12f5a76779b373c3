"""The body of public pages: the shared blocks (cms.blocks) plus interactive content
(polls and quizzes) that only this app knows how to count."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.blocks import BodyBlock


class PollBlock(blocks.StructBlock):
    """Points to a Poll record: votes need an identity a block does not have."""

    poll = SnippetChooserBlock("campaigns.Poll", label=_("poll"))

    class Meta:
        label = _("Poll")
        icon = "list-ul"
        template = "campaigns/polls_block.html"

    def get_context(self, value, parent_context=None):
        from .polls_public import poll_state

        context = super().get_context(value, parent_context)
        if value.get("poll") is not None:
            context.update(poll_state(value["poll"], (parent_context or {}).get("request")))
        return context


class QuizBlock(blocks.StructBlock):
    quiz = SnippetChooserBlock("campaigns.Quiz", label=_("quiz"))

    class Meta:
        label = _("Quiz")
        icon = "help"
        template = "campaigns/polls_quiz_block.html"

    def get_context(self, value, parent_context=None):
        from .polls_public import quiz_state

        context = super().get_context(value, parent_context)
        if value.get("quiz") is not None:
            context.update(quiz_state(value["quiz"], (parent_context or {}).get("request")))
        return context


class PublicBodyBlock(BodyBlock):
    poll = PollBlock()
    quiz = QuizBlock()
