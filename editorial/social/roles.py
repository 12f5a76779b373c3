"""What each role may do with social publishing (cms.roles grants it; docs/permissions.md).

Specialists write, submit and administer the accounts (channels); only heads publish,
unpublish and delete. Administration follows the posts and their deliveries.
"""

from cms.roles import ADMINISTRATION, HEADS, SPECIALISTS

# fmt: off
MODEL_PERMISSIONS = {
    SPECIALISTS: {
        # Write and submit, never publish (the head approves).
        "social.view_socialpost", "social.add_socialpost", "social.change_socialpost",
        "social.lock_socialpost",
        "social.view_channel", "social.add_channel", "social.change_channel",
        "social.view_delivery", "social.retry_delivery",
    },
    HEADS: {
        "social.view_socialpost", "social.add_socialpost", "social.change_socialpost",
        "social.delete_socialpost", "social.publish_socialpost",
        "social.lock_socialpost", "social.unlock_socialpost",
        "social.view_channel", "social.add_channel", "social.change_channel",
        "social.delete_channel",
        "social.view_delivery", "social.retry_delivery",
    },
    ADMINISTRATION: {"social.view_socialpost", "social.view_delivery"},
}
# fmt: on
