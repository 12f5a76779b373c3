"""What each role may do with proposals and assignments (cms.roles grants it).

Proposals: specialists and heads write and submit them; heads decide (the workflow)
and may delete; Administration reads the register. Assignments: heads and
Administration give, change and cancel them; everyone reads the ones given to them
(the register shows others' assignments only to those who give them:
Assignment.objects.visible_to). Nobody deletes an assignment: it is cancelled.
"""

from cms.roles import ADMINISTRATION, HEADS, OTHER_DEPARTMENTS, SPECIALISTS

# fmt: off
MODEL_PERMISSIONS = {
    SPECIALISTS: {
        "moderation.view_proposal", "moderation.add_proposal", "moderation.change_proposal",
        "moderation.lock_proposal",
        "moderation.view_assignment",
    },
    HEADS: {
        "moderation.view_proposal", "moderation.add_proposal", "moderation.change_proposal",
        "moderation.delete_proposal", "moderation.publish_proposal",
        "moderation.lock_proposal", "moderation.unlock_proposal",
        "moderation.view_assignment", "moderation.add_assignment",
        "moderation.change_assignment",
    },
    ADMINISTRATION: {
        "moderation.view_proposal",
        "moderation.view_assignment", "moderation.add_assignment",
        "moderation.change_assignment",
    },
    OTHER_DEPARTMENTS: {"moderation.view_assignment"},
}
# fmt: on
