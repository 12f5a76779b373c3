"""Tell a proposal's author the head's decision (event "proposals.decided").

Connected from the app's ready(); the telling runs after the decision commits.
"""

from functools import partial

from django.db import transaction
from wagtail.models import WorkflowState
from wagtail.signals import workflow_approved, workflow_cancelled


def _is_proposal(workflow_state):
    from .proposal_models import Proposal

    content_type = workflow_state.base_content_type
    return content_type is not None and content_type.model_class() is Proposal


def on_decided(sender, instance, user=None, **kwargs):
    if not _is_proposal(instance):
        return
    from .assignment_services import tell_proposal_decided

    transaction.on_commit(partial(tell_proposal_decided, instance.pk), robust=True)


def connect():
    workflow_approved.connect(on_decided, sender=WorkflowState, dispatch_uid="proposals_approved")
    workflow_cancelled.connect(on_decided, sender=WorkflowState, dispatch_uid="proposals_cancelled")
