"""The page admin with moderation's own workflow-action view (it confirms the decision)."""

from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from .views import ConfirmedPageWorkflowActionView


class ModeratedPageViewSet(PageViewSet):
    """Wagtail's page viewset for every page type, with a confirmed workflow action.

    A page type that registers a viewset of its own should subclass this one.
    """

    model = Page
    name = "moderated_pages"
    workflow_action_view_class = ConfirmedPageWorkflowActionView
