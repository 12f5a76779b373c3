"""The body of public pages: the shared blocks (cms.blocks) plus interactive content
(polls and quizzes) that only this app knows how to count."""

from cms.blocks import BodyBlock


class PublicBodyBlock(BodyBlock):
    pass
