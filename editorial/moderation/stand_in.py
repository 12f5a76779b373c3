"""Standing in for an absent author (duty 15): whose work a user carries today.

An absence (`cms.models.Absence`) names a deputy for its days, inclusive. While it is in
force the deputy sees the absent person's items in "My work" and what the deputy saves
or submits on such an item is logged "on behalf of" the absent person in the item's
history. Nothing is stored about the stand-in beyond the absence itself: every answer
here is computed from today's date, so the stand-in ends by itself the day after
`ends_on` with no job to run.

Edit rights are not granted here: every role that writes moderated content edits all
of it through its group permissions (cms/roles.py, editorial/social/roles.py), and
`deputy_can_carry_on` (registered with cms.DEPUTY_CHECK_HOOK) refuses an absence whose
deputy could not edit what the absent person writes. See
docs/decisions/my-work-and-stand-in.md.
"""

from itertools import groupby

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.models import AbstractPage, DraftStateMixin, Page, WorkflowMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.models import Absence, display_name

ON_BEHALF_EDIT = "sklaida.moderation.on_behalf_edit"
SAVED = "save"
SUBMITTED = "submit"
RESTARTED = "restart"
CANCELLED = "cancel"
# The editor's submit buttons, in the order they are looked for in the POST.
EDITOR_ACTIONS = (
    ("action-submit", SUBMITTED),
    ("action-restart-workflow", RESTARTED),
    ("action-cancel-workflow", CANCELLED),
)


# --- moderated types and their authors ---------------------------------------------------


def moderated_models():
    """Pages and every registered snippet model with drafts and a workflow (types added
    later included), discovered from Wagtail, never named here."""
    from wagtail.snippets.models import get_snippet_models

    snippets = [
        model
        for model in get_snippet_models()
        if issubclass(model, DraftStateMixin) and issubclass(model, WorkflowMixin)
    ]
    return [Page, *sorted(snippets, key=lambda model: model._meta.label)]


def author_lookup(model):
    """The ORM path to a moderated object's author.

    Pages: `owner`. Snippets: a foreign key to the user model named `author` or `owner`
    (the convention for moderated snippets); otherwise whoever saved the latest revision.
    """
    if issubclass(model, AbstractPage):
        return "owner"
    User = get_user_model()
    for name in ("author", "owner"):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.is_relation and field.related_model is User:
            return name
    return "latest_revision__user"


def author_id_of(obj):
    """The id of `obj`'s author (see `author_lookup`), or None."""
    if isinstance(obj, AbstractPage):
        return obj.owner_id
    lookup = author_lookup(type(obj))
    if lookup == "latest_revision__user":
        revision = getattr(obj, "latest_revision", None)
        return revision.user_id if revision is not None else None
    return getattr(obj, f"{lookup}_id", None)


# --- who stands in for whom today --------------------------------------------------------


def absences_covered_by(user, day=None):
    """Absences in force on `day` (today by default) in which `user` is the deputy."""
    if user is None or not user.is_authenticated:
        return []
    return list(
        Absence.objects.covering(day)
        .filter(deputy=user, person__is_active=True)
        .select_related("person")
        .order_by("ends_on", "person__last_name", "person__first_name", "pk")
    )


def people_for(user, absences):
    """`user` first, then the absent people they stand in for (each once)."""
    people = [user]
    for absence in absences:
        if all(person.pk != absence.person_id for person in people):
            people.append(absence.person)
    return people


def stand_in_summary(absences):
    """[(names, last day)] for the banner: one line per end date."""
    lines = []
    for ends_on, group in groupby(absences, key=lambda absence: absence.ends_on):
        names = []
        for absence in group:
            name = display_name(absence.person)
            if name not in names:
                names.append(name)
        lines.append((", ".join(names), ends_on))
    return lines


def on_behalf_of(user, obj, day=None):
    """The absent author of `obj` when `user` stands in for them on `day`, else None."""
    author_id = author_id_of(obj)
    if author_id is None or user is None or not user.is_authenticated or author_id == user.pk:
        return None
    absence = (
        Absence.objects.covering(day or timezone.localdate())
        .filter(deputy=user, person_id=author_id)
        .select_related("person")
        .first()
    )
    return absence.person if absence is not None else None


# --- the history --------------------------------------------------------------------------


def log_stand_in_edit(request, obj):
    """After the editor saved `obj`: log the deputy's save or submission "on behalf of"."""
    if request.method != "POST":
        return
    if "action-workflow-action" in request.POST:
        return  # a moderator's decision; logged by the approval task itself
    if isinstance(obj, AbstractPage):
        obj = obj.specific
    absent = on_behalf_of(request.user, obj)
    if absent is None:
        return
    log(
        instance=obj,
        action=ON_BEHALF_EDIT,
        user=request.user,
        data={
            "action": next(
                (action for field, action in EDITOR_ACTIONS if field in request.POST), SAVED
            ),
            "on_behalf_of": {"id": absent.pk, "name": display_name(absent)},
        },
    )


ON_BEHALF_MESSAGES = {
    SAVED: _("Saved on behalf of %(name)s (standing in during absence)"),
    SUBMITTED: _("Submitted for moderation on behalf of %(name)s (standing in during absence)"),
    RESTARTED: _("Moderation restarted on behalf of %(name)s (standing in during absence)"),
    CANCELLED: _("Moderation cancelled on behalf of %(name)s (standing in during absence)"),
}


def format_on_behalf_edit(data):
    try:
        template = ON_BEHALF_MESSAGES[data.get("action", SAVED)]
        return template % {"name": data["on_behalf_of"]["name"]}
    except (KeyError, TypeError, AttributeError):
        return _("Changed on behalf of an absent colleague")


# --- who may stand in for an author ------------------------------------------------------

AUTHORING = ("add", "change")


def writes(user, model):
    if model is Page:
        return PagePermissionPolicy().user_has_any_permission(user, AUTHORING)
    return ModelPermissionPolicy(model).user_has_any_permission(user, AUTHORING)


def deputy_can_carry_on(person, deputy, department=None):
    """Why `deputy` cannot carry on `person`'s writing (None when they can).

    A stand-in edits and resubmits the absent person's items with their own rights, so
    they must be able to write every moderated type the absent person writes.
    Registered with cms.DEPUTY_CHECK_HOOK (absence form)."""
    if person is None or deputy is None or department is not None:
        return None
    missing = [
        model for model in moderated_models() if writes(person, model) and not writes(deputy, model)
    ]
    if not missing:
        return None
    return _(
        "The deputy could not edit the absent person's work (%(types)s): choose a "
        "colleague who writes the same content."
    ) % {"types": ", ".join(str(model._meta.verbose_name_plural) for model in missing)}
