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
        # polls and quizzes (polls_permissions.py): they run them and their draws
        "campaigns.view_poll", "campaigns.add_poll", "campaigns.change_poll",
        "campaigns.view_quiz", "campaigns.add_quiz", "campaigns.change_quiz",
        "campaigns.view_quizdrawentry",
    },
    HEADS: {
        "campaigns.view_rubric", "campaigns.add_rubric", "campaigns.change_rubric",
        "campaigns.delete_rubric", "campaigns.publish_rubric",
        "campaigns.lock_rubric", "campaigns.unlock_rubric", "campaigns.change_brandkit",
        "campaigns.view_poll", "campaigns.add_poll", "campaigns.change_poll",
        "campaigns.delete_poll", "campaigns.view_quiz", "campaigns.add_quiz",
        "campaigns.change_quiz", "campaigns.delete_quiz", "campaigns.view_quizdrawentry",
    },
    # Administration reads results, not the public's names and addresses.
    ADMINISTRATION: {"campaigns.view_rubric", "campaigns.view_poll", "campaigns.view_quiz"},
}
# fmt: on
