"""What each role may do with rubrics (cms.roles grants it; docs/permissions.md).

Specialists and heads write rubrics and submit them; heads approve them through the
moderation workflow (publish) and may delete; Administration reads them. Other
departments have no access. Keeping the brand consistent is the specialist's job
(duty 2), so specialists and heads edit the brand kit.

Campaign pages are pages: specialists add and edit them and submit them to the
"Specialist → Department head" workflow, heads also publish them, through the page
permissions cms.roles grants on the root page (tests/editorial/campaigns/
test_pages_permissions.py proves it). The campaign report (KPI targets, posts and their
deliveries) is read through "campaigns.view_campaignpage": specialists, heads and
Administration (editorial/campaigns/campaign_permissions.py).

Heads decide the pre-publish checklist of their library; specialists read it (they see
it live in the editor anyway).
"""

from cms.roles import ADMINISTRATION, HEADS, SPECIALISTS

# fmt: off
MODEL_PERMISSIONS = {
    SPECIALISTS: {
        "campaigns.view_rubric", "campaigns.add_rubric", "campaigns.change_rubric",
        "campaigns.lock_rubric", "campaigns.change_brandkit",
        "campaigns.view_campaignpage",
        # brandcheck: specialists read the checklist rules of their library
        "campaigns.view_checklistrule",
        # Contests: specialists see the entries and prepare the draw (on the page).
        "campaigns.view_promotionentry", "campaigns.view_promotiondraw",
        # polls and quizzes (polls_permissions.py); a quiz's draw is a promotion's
        "campaigns.view_poll", "campaigns.add_poll", "campaigns.change_poll",
        "campaigns.view_quiz", "campaigns.add_quiz", "campaigns.change_quiz",
    },
    HEADS: {
        "campaigns.view_rubric", "campaigns.add_rubric", "campaigns.change_rubric",
        "campaigns.delete_rubric", "campaigns.publish_rubric",
        "campaigns.lock_rubric", "campaigns.unlock_rubric", "campaigns.change_brandkit",
        "campaigns.view_campaignpage",
        # brandcheck: heads decide the pre-publish checklist of their library
        "campaigns.view_checklistrule", "campaigns.add_checklistrule",
        "campaigns.change_checklistrule", "campaigns.delete_checklistrule",
        # Contests: the head also runs the draw and exports entrants' data (scoped to
        # the promotion's department in contests_permissions).
        "campaigns.view_promotionentry", "campaigns.view_promotiondraw",
        "campaigns.run_promotiondraw", "campaigns.export_promotionentry",
        "campaigns.view_poll", "campaigns.add_poll", "campaigns.change_poll",
        "campaigns.delete_poll", "campaigns.view_quiz", "campaigns.add_quiz",
        "campaigns.change_quiz", "campaigns.delete_quiz",
    },
    # Administration reads results, not the public's names and addresses.
    ADMINISTRATION: {
        "campaigns.view_rubric", "campaigns.view_campaignpage", "campaigns.view_poll",
        "campaigns.view_quiz",
    },
}
# fmt: on
