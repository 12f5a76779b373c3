"""The base of every moderated snippet (posts, proposals, rubrics, project actions…).

Wagtail's draft, lock, revision, preview and workflow mixins plus the two generic
relations Wagtail needs to find a snippet's revisions and workflow states (for the
moderation queue, My work and deleting an object with its history). A subclass adds
its own fields, `search_fields` and `get_preview_template`; it is moderated once the
workflow is assigned to it (editorial.moderation.workflow.ensure_moderation_workflow
in a data migration).
"""

from django.contrib.contenttypes.fields import GenericRelation
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index


class ModeratedSnippet(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    ClusterableModel,
):
    # "%(class)s": a query name per model (revision__proposal, workflowstate__rubric…).
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="%(class)s")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(class)s",
        for_concrete_model=False,
    )

    class Meta:
        abstract = True

    @property
    def revisions(self):
        return self._revisions
