"""Submit a form the way a browser does: read it from the page, send back what is there.

Tests that must not know a form's fields (a demo object saved unchanged through its
admin form) use this instead of building the POST data by hand.
"""

from bs4 import BeautifulSoup

NOT_SENT = {"submit", "button", "image", "file", "reset"}


def form_data(html, form_id=None):
    """The data a browser would send for the form `form_id` (default: the page's
    form with the most fields, which on an admin edit page is the edit form)."""
    soup = BeautifulSoup(html, "html.parser")
    if form_id:
        form = soup.find("form", id=form_id)
    else:
        form = max(soup.find_all("form"), key=lambda f: len(f.find_all(["input", "textarea"])))
    data = {}

    def add(name, value):
        data.setdefault(name, []).append(value)

    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.has_attr("disabled"):
            continue
        if field.name == "textarea":
            # The parser keeps the newline browsers drop after <textarea>.
            text = field.string or ""
            add(name, text[1:] if text.startswith("\n") else text)
        elif field.name == "select":
            options = field.find_all("option")
            chosen = [o for o in options if o.has_attr("selected")]
            if not chosen and options and not field.has_attr("multiple"):
                chosen = options[:1]
            for option in chosen:
                add(name, option.get("value", option.get_text()))
        else:
            kind = (field.get("type") or "text").lower()
            if kind in NOT_SENT:
                continue
            if kind in ("checkbox", "radio") and not field.has_attr("checked"):
                continue
            add(name, field.get("value", "on" if kind in ("checkbox", "radio") else ""))
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}
