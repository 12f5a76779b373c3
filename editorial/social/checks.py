"""Hooks through which other apps check a social post and add panels to its editor.

The social app knows nothing of what is checked: the pre-publish checklist lives in
editorial.campaigns (same floor, which already imports this app), so it plugs in here
instead of being imported.

- `register_social_post_checks`: a function `check(post, channels, user)` returning
  the messages that must stop the post from being submitted or approved (a list of
  strings, empty when nothing blocks). `post` is the post as the form or a revision
  describes it, `channels` its target channels.
- `register_social_post_editor_panels`: a function returning panels shown in the
  post editor after the per-network counters (the brand kit, the checklist).
"""

from wagtail import hooks

POST_CHECKS_HOOK = "register_social_post_checks"
EDITOR_PANELS_HOOK = "register_social_post_editor_panels"


def blocking_messages(post, channels, user):
    """What every registered check says stops `post` from going to moderation."""
    return [
        message
        for check in hooks.get_hooks(POST_CHECKS_HOOK)
        for message in check(post, channels, user)
    ]


def extra_editor_panels():
    return [panel for hook in hooks.get_hooks(EDITOR_PANELS_HOOK) for panel in hook()]
