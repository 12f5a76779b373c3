"""The public side of a promotion page: the entry form, its refusals and the thank-you
state. The page is never stored in the public page cache (it shows the period's state
and carries a CSRF token)."""

from django import forms
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

from .contests_services import Refused, submit_entry

THANKS = "dalyvauta"  # the query parameter of the thank-you state


class EntryForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    answer = forms.CharField(label=_("Your answer"), max_length=2000, widget=forms.Textarea)
    consent_rules = forms.BooleanField(
        label=_("I have read and accept the contest rules."),
        error_messages={"required": _("You must accept the contest rules.")},
    )
    consent_processing = forms.BooleanField(
        label=_(
            "I agree that the library processes my name and e-mail address to run this "
            "contest; they are erased after the retention period."
        ),
        error_messages={"required": _("You must agree to the processing of your data.")},
    )

    def __init__(self, *args, question="", **kwargs):
        super().__init__(*args, **kwargs)
        if question:
            self.fields["answer"].label = question
        for field in self.fields.values():
            field.error_messages.setdefault("required", _("This field is required."))


def serve_promotion(page, request):
    now = timezone.now()
    state = "open" if page.is_open(now) else ("upcoming" if now < page.opens_at else "closed")
    form = None
    refusal = ""
    status = 200
    if request.method == "POST":
        form = EntryForm(request.POST, question=page.question)
        if state != "open":
            refusal = (
                _("Entries are closed: the contest has ended.")
                if state == "closed"
                else _("Entries are not open yet.")
            )
            status = 400
        elif form.is_valid():
            try:
                submit_entry(page, **form.cleaned_data, now=now)
            except Refused as refused:
                form.add_error(refused.field, refused.message)
                status = 400
            else:
                return HttpResponseRedirect(f"{page.url}?{THANKS}=1")
        else:
            status = 400
    elif state == "open":
        form = EntryForm(question=page.question)
    context = page.get_context(request)
    context.update(
        {
            "form": form if state == "open" else None,
            "state": state,
            "refusal": refusal,
            "thanks": request.method == "GET" and THANKS in request.GET,
            "prizes": list(page.prizes.all()),
        }
    )
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    patch_cache_control(response, private=True)
    return response
