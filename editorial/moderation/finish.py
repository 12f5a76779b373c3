"""What happens when the moderation workflow is approved."""


def publish_approved(workflow_state, user=None):
    """Publish the approved revision.

    The approval step already decided who may approve (heads, or a deputy during
    an absence), so the approver's own publish permission is not checked again:
    otherwise a deputy from the specialists' group could approve but not publish.
    """
    workflow_state.content_object.get_latest_revision().publish(
        user=user, skip_permission_checks=True
    )
