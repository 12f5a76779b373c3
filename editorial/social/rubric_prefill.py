"""A new post of a rubric starts from the rubric (SocialPost.rubric).

The rubric model answers `prefill_for_post(slot)` with initial values (title, text,
channels, go_live_at); this module only applies them to the post form, so the social
app needs no import of the campaigns app. Nothing is saved here.
"""


def _rubric(field, value):
    value = str(value or "").strip()
    if field is None or not value.isdigit():
        return None
    return field.queryset.filter(pk=int(value)).first()


def prefill_unbound(form, query):
    """The create form opened as ?rubric=<id>&slot=<iso>: start from the rubric."""
    if form is None or form.is_bound or form.instance.pk:
        return  # (the revision comparison binds panels without a form)
    rubric = _rubric(form.fields.get("rubric"), query.get("rubric"))
    if rubric is None:
        return
    values = rubric.prefill_for_post(query.get("slot"))
    form.initial["rubric"] = rubric.pk
    for name in ("title", "text", "channels", "go_live_at"):
        if values.get(name) and name in form.fields and not form.initial.get(name):
            form.initial[name] = values[name]


def prefill_bound(form):
    """A new post submitted with a rubric and no text gets the rubric's text."""
    if not form.is_bound or form.instance.pk or "text" not in form.fields:
        return
    key, text_key = form.add_prefix("rubric"), form.add_prefix("text")
    if str(form.data.get(text_key, "")).strip():
        return
    rubric = _rubric(form.fields.get("rubric"), form.data.get(key))
    text = rubric.prefill_for_post().get("text") if rubric is not None else ""
    if text:
        form.data = form.data.copy()
        form.data[text_key] = text
