"""Campaigns app models, one module per kind of thing.

rubrics.py    recurring series of posts (moderated snippets)
campaigns.py  public campaign pages under a campaigns index
promotions.py promotions and contests: pages, entries, draws
brand.py      the library's brand kit (a site setting shown beside the post editor)
"""

from .brand import BrandKit
from .campaigns import CampaignIndexPage, CampaignPage
from .promotions import PromotionDraw, PromotionEntry, PromotionPage, PromotionPrize
from .rubrics import Rubric

__all__ = [
    "BrandKit",
    "CampaignIndexPage",
    "CampaignPage",
    "PromotionDraw",
    "PromotionEntry",
    "PromotionPage",
    "PromotionPrize",
    "Rubric",
]
