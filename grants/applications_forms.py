"""The grant application editor's form: the budget is checked, in Decimal, against the
call before anything is saved (grants/budget.py does the arithmetic)."""

from django import forms
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


class GrantApplicationForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        self._check_budget(cleaned)
        self._check_documents()
        return cleaned

    def _check_documents(self):
        from .private_tree import DOCUMENTS_COLLECTION, document_is_private

        formset = self.formsets.get("documents")
        if formset is None or not formset.is_valid():
            return
        private = {}  # per collection: documents in one collection are checked once
        for form in formset.forms:
            document = form.cleaned_data.get("document") if form.cleaned_data else None
            if document is None or formset._should_delete_form(form):
                continue
            if document.collection_id not in private:
                private[document.collection_id] = document_is_private(document)
            if not private[document.collection_id]:
                form.add_error(
                    "document",
                    _(
                        "Anyone could download this document: upload it to the collection "
                        "“%(collection)s” (only staff may download from it)."
                    )
                    % {"collection": DOCUMENTS_COLLECTION},
                )
                self.add_error(None, _("An application document is not private."))

    def _budget_forms(self):
        formset = self.formsets.get("budget_lines")
        if formset is None or not formset.is_valid():
            return None  # the lines' own errors are shown first
        return [
            form
            for form in formset.forms
            if form.cleaned_data and not formset._should_delete_form(form)
        ]

    def _check_budget(self, cleaned):
        from .budget import Budget, check, euros

        line_forms = self._budget_forms()
        if line_forms is None:
            return
        budget = Budget.of([form.cleaned_data for form in line_forms])
        problems = check(budget, cleaned.get("call"))
        for index, errors in problems.lines.items():
            for name, message in errors.items():
                line_forms[index].add_error(name, message)
        if problems:
            raise forms.ValidationError(problems.messages())
        awarded = cleaned.get("amount_awarded")
        if awarded is not None and budget.lines and awarded > budget.requested:
            self.add_error(
                "amount_awarded",
                _("The amount awarded cannot exceed the amount requested (%(requested)s EUR).")
                % {"requested": euros(budget.requested)},
            )
