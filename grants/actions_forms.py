"""The project action editor's form: the author is set on create, only funded projects."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import GrantApplicationPage
from .permissions import ACTIONABLE_STATES


def actionable_projects():
    return GrantApplicationPage.objects.filter(status__in=ACTIONABLE_STATES).order_by("title")


class ProjectActionForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and self.for_user is not None:
            self.instance.author = self.for_user
        field = self.fields.get("project")
        if field is not None:
            queryset = actionable_projects()
            if self.instance.project_id:
                # A closed project's existing actions stay editable.
                queryset = queryset | GrantApplicationPage.objects.filter(
                    pk=self.instance.project_id
                )
            field.queryset = queryset.order_by("title")
            field.error_messages["invalid_choice"] = _(
                "Choose an awarded project that is still running."
            )
