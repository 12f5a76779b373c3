"""Forms of proposals and assignments."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.forms import TaskStateCommentForm

from cms.forms import name_people

from .assignment_models import Assignment
from .proposal_models import TEXT_LIMIT


class ProposalForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and self.for_user is not None:
            self.instance.author = self.for_user


class ReasonRequiredForm(TaskStateCommentForm):
    """The head's decline or request for changes on a proposal: the reason is required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = True
        self.fields["comment"].label = _("Reason")
        self.fields["comment"].error_messages["required"] = _("Give the reason for this decision.")
        self.fields["comment"].max_length = TEXT_LIMIT


class AssignmentForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assignee" in self.fields:
            # Any active member of staff may be given an assignment (not IT accounts).
            self.fields["assignee"].queryset = (
                get_user_model()
                ._default_manager.filter(is_active=True, groups__isnull=False)
                .distinct()
            )
            name_people(self.fields)

    def clean_title(self):
        title = (self.cleaned_data.get("title") or "").strip()
        if not title:
            raise forms.ValidationError(_("Give the assignment a title."))
        return title

    def clean_due_date(self):
        due = self.cleaned_data.get("due_date")
        changed = "due_date" in self.changed_data or not self.instance.pk
        if due is not None and changed and due < timezone.localdate():
            raise forms.ValidationError(_("The due date has already passed."))
        return due

    def clean(self):
        cleaned = super().clean()
        assignee, title, due = (cleaned.get(k) for k in ("assignee", "title", "due_date"))
        if not self.instance.pk and assignee and title and due:
            # The same form sent twice (a double click, a reload) gives one assignment.
            twin = Assignment.objects.open().filter(assignee=assignee, title=title, due_date=due)
            if twin.exists():
                raise forms.ValidationError(
                    _("This person already has an open assignment with this title and due date.")
                )
        return cleaned


class MoveForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea({"rows": 4}),
        help_text=_("Required when marking the assignment done: what was done."),
    )
