"""What each role may do with rubrics (cms.roles grants it; docs/permissions.md).

Specialists and heads write rubrics and submit them; heads approve them through the
moderation workflow (publish) and may delete; Administration reads them. Other
departments have no access. Keeping the brand consistent is the specialist's job
(duty 2), so specialists and heads edit the brand kit; heads also edit campaign pages
through page permissions (cms.roles).
"""

from cms.roles import ADMINISTRATION, HEADS, SPECIALISTS

# fmt: off
MODEL_PERMISSIONS = {
    SPECIALISTS: {
        "campaigns.view_rubric", "campaigns.add_rubric", "campaigns.change_rubric",
        "campaigns.lock_rubric", "campaigns.change_brandkit",
        # Contests: specialists see the entries and prepare the draw (on the page).
        "campaigns.view_promotionentry", "campaigns.view_promotiondraw",
    },
    HEADS: {
        "campaigns.view_rubric", "campaigns.add_rubric", "campaigns.change_rubric",
        "campaigns.delete_rubric", "campaigns.publish_rubric",
        "campaigns.lock_rubric", "campaigns.unlock_rubric", "campaigns.change_brandkit",
        # Contests: the head also runs the draw and exports entrants' data (scoped to
        # the promotion's department in contests_permissions).
        "campaigns.view_promotionentry", "campaigns.view_promotiondraw",
        "campaigns.run_promotiondraw", "campaigns.export_promotionentry",
    },
    ADMINISTRATION: {"campaigns.view_rubric"},
}
# fmt: on
