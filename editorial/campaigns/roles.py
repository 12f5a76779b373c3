"""What each role may do with rubrics (cms.roles grants it; docs/permissions.md).

Specialists and heads write rubrics and submit them; heads approve them through the
moderation workflow (publish) and may delete; Administration reads them. Other
departments have no access.
"""

from cms.roles import ADMINISTRATION, HEADS, SPECIALISTS

# fmt: off
MODEL_PERMISSIONS = {
    SPECIALISTS: {
        "campaigns.view_rubric", "campaigns.add_rubric", "campaigns.change_rubric",
        "campaigns.lock_rubric",
    },
    HEADS: {
        "campaigns.view_rubric", "campaigns.add_rubric", "campaigns.change_rubric",
        "campaigns.delete_rubric", "campaigns.publish_rubric",
        "campaigns.lock_rubric", "campaigns.unlock_rubric",
    },
    ADMINISTRATION: {"campaigns.view_rubric"},
}
# fmt: on
