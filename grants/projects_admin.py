"""Admin side of project pages: the "Create the project page" button and its POST view."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.widgets.button import Button

from .models import GrantApplicationPage
from .permissions import FUNDED_STATES, can_create_project_page
from .projects_services import create_project_page, project_index_for

CREATE_URL_NAME = "grants_create_project_page"


def project_page_header_buttons(page, user, view_name, next_url=None):
    """On an awarded application's header: a button that POSTs to the create view."""
    if page.specific_class is not GrantApplicationPage or view_name != "edit":
        return []
    application = page.specific
    buttons = []
    if application.status in FUNDED_STATES and user.has_perm("grants.view_projectaction"):
        # The project's own register of actions.
        register = reverse("wagtailsnippets_grants_projectaction:list")
        buttons.append(
            Button(
                _("Project actions"),
                url=f"{register}?project={application.pk}",
                icon_name="tasks",
                priority=6,
            )
        )
    if not can_create_project_page(user, application, project_index_for(application)):
        return buttons
    url = reverse(CREATE_URL_NAME, args=[page.pk])
    return [
        *buttons,
        Button(
            _("Create the project page"),
            icon_name="doc-full-inverse",
            priority=5,
            attrs={
                "data-controller": "w-action",
                "data-action": "w-action#post",
                "data-w-action-url-value": url,
            },
        ),
    ]


@require_POST
def create_project_page_view(request, application_id):
    application = get_object_or_404(GrantApplicationPage, pk=application_id)
    result = create_project_page(request.user, application)
    if not result:
        messages.error(request, result.decision.reason)
        return redirect("wagtailadmin_pages:edit", application.pk)
    messages.success(
        request,
        _(
            "The project page “%(title)s” was created as a draft: check it, translate it "
            "and submit it to the head for publication."
        )
        % {"title": result.page.title},
    )
    return redirect("wagtailadmin_pages:edit", result.page.pk)
