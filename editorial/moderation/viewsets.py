"""The page admin with moderation's editor (state panel) and confirmed workflow actions."""

from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from .views import ConfirmedPageWorkflowActionView, ModeratedPageEditView


class ModeratedPageViewSet(PageViewSet):
    """Wagtail's page viewset for every page type, with a confirmed workflow action.

    A page type that registers a viewset of its own should subclass this one.
    """

    model = Page
    name = "moderated_pages"
    workflow_action_view_class = ConfirmedPageWorkflowActionView
    edit_view_class = ModeratedPageEditView
