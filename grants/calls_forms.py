"""The go / no-go form (the service checks it again)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Call
from .models.common import TEXT_LIMIT


class CallDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Go / no-go"),
        choices=[(Call.Decision.GO, _("apply")), (Call.Decision.NO_GO, _("do not apply"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea({"rows": 4}),
        help_text=_("Required when the library will not apply."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == Call.Decision.NO_GO and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Write why the library will not apply: the team reads it."))
        return cleaned
