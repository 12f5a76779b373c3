"""Campaigns app models, one module per kind of thing.

rubrics.py    recurring series of posts (moderated snippets)
campaigns.py  public campaign pages under a campaigns index
promotions.py promotions and contests: pages, entries, draws
brand.py      the library's brand kit (a site setting shown beside the post editor)
checklist.py  pre-publish checklist rules per site
polls.py      polls and quizzes chosen in public body blocks, their votes and answers
"""

from .brand import BrandKit, NetworkTemplate
from .campaigns import (
    CampaignIndexPage,
    CampaignKeyMessage,
    CampaignPage,
    CampaignPartner,
    CampaignRelatedPage,
)
from .checklist import ChecklistRule
from .polls import (
    Poll,
    PollAddressQuota,
    PollOption,
    PollVote,
    Quiz,
    QuizSubmission,
)
from .promotions import PromotionDraw, PromotionEntry, PromotionPage, PromotionPrize
from .rubrics import Rubric

__all__ = [
    "BrandKit",
    "CampaignIndexPage",
    "CampaignKeyMessage",
    "CampaignPage",
    "CampaignPartner",
    "CampaignRelatedPage",
    "ChecklistRule",
    "NetworkTemplate",
    "Poll",
    "PollAddressQuota",
    "PollOption",
    "PollVote",
    "PromotionDraw",
    "PromotionEntry",
    "PromotionPage",
    "PromotionPrize",
    "Quiz",
    "QuizSubmission",
    "Rubric",
]
