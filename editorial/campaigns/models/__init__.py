"""Campaigns app models, one module per kind of thing.

rubrics.py    recurring series of posts (moderated snippets)
campaigns.py  public campaign pages under a campaigns index
brand.py      the library's brand kit (a site setting shown beside the post editor)
polls.py      polls and quizzes chosen in public body blocks, their votes and answers
"""

from .brand import BrandKit
from .campaigns import CampaignIndexPage, CampaignPage
from .polls import Poll, PollAddressQuota, PollOption, PollVote, Quiz, QuizDrawEntry, QuizSubmission
from .rubrics import Rubric

__all__ = [
    "BrandKit",
    "CampaignIndexPage",
    "CampaignPage",
    "Rubric",
    "Poll",
    "PollAddressQuota",
    "PollOption",
    "PollVote",
    "Quiz",
    "QuizDrawEntry",
    "QuizSubmission",
]
