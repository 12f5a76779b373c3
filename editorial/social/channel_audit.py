"""Every change to a channel is written to its history and told to the department head.

A channel holds the library's access to an account, so who changed what is kept
(Wagtail's log entries, shown in the channel's History) and the head of the
channel's department (or of the person's own department) hears about it, with the
deputy standing in while the head is away. Secrets never enter a log or a notice.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogFormatter, log

from cms.models import display_name
from cms.notifications import notify
from cms.roles import SPECIALISTS

from .events import CHANNEL_CHANGED, DELIVERY_FAILED
from .models import Channel

CREATED = "sklaida.social.channel.create"
EDITED = "sklaida.social.channel.edit"
TOKEN_REPLACED = "sklaida.social.channel.token_replaced"  # noqa: S105 - an action name
CREDENTIALS_REMOVED = "sklaida.social.channel.credentials_removed"
ACCESS_EXPIRED = "sklaida.social.channel.access_expired"


def _field_label(name):
    try:
        return str(Channel._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _fields_text(names):
    return get_text_list([f"„{_field_label(name)}“" for name in names], _("and"))


def register_log_actions(actions):
    """Called from wagtail_hooks (register_log_actions)."""

    @actions.register_action(CREATED)
    class CreatedFormatter(LogFormatter):
        label = gettext_lazy("Channel: created")
        message = gettext_lazy("Channel created")

    @actions.register_action(EDITED)
    class EditedFormatter(LogFormatter):
        label = gettext_lazy("Channel: settings changed")

        def format_message(self, log_entry):
            fields = (log_entry.data or {}).get("fields") or []
            return _("Channel settings changed: %(fields)s") % {"fields": _fields_text(fields)}

    @actions.register_action(TOKEN_REPLACED)
    class TokenFormatter(LogFormatter):
        label = gettext_lazy("Channel: access token replaced")
        message = gettext_lazy("Access token replaced")

    @actions.register_action(CREDENTIALS_REMOVED)
    class RemovedFormatter(LogFormatter):
        label = gettext_lazy("Channel: credentials removed")
        message = gettext_lazy(
            "Access token removed because the network, the server or the account ID changed"
        )

    @actions.register_action(ACCESS_EXPIRED)
    class ExpiredFormatter(LogFormatter):
        label = gettext_lazy("Channel: access expired")
        message = gettext_lazy(
            "The network refused the access token: the channel needs re-authorisation"
        )


# ------------------------------------------------------------------ who hears about it


def heads_for(channel, user=None):
    """The head of the channel's department, else of the acting person's department.
    Never the person who made the change. (Whoever stands in for the head today is
    told by cms.notifications.notify.)"""
    departments = []
    if channel.department_id:
        departments.append(channel.department)
    profile = getattr(user, "staff_profile", None) if user is not None else None
    if profile is not None and profile.department_id:
        departments.append(profile.department)
    # The first department that has a head: the channel's, else the person's.
    heads = [department.head for department in departments if department.head_id][:1]
    return _people(heads, exclude=user)


def _people(users, exclude=None):
    seen, people = set(), []
    for person in users:
        if person is None or not person.is_active or person.pk in seen:
            continue
        if exclude is not None and person.pk == exclude.pk:
            continue
        seen.add(person.pk)
        people.append(person)
    return people


def _edit_url(channel):
    return reverse("social_channel_modeladmin_edit", args=[channel.pk])


def _history_url(channel):
    return reverse("social_channel_modeladmin_history", args=[channel.pk])


# ------------------------------------------------------------------ recording


def record_change(channel, user, changes):
    """After a channel form was saved: log each kind of change, tell the head.

    `changes` is ChannelForm.changes: created, fields, token_replaced,
    credentials_removed.
    """
    said = []
    if changes.get("created"):
        log(channel, CREATED, user=user)
        said.append(_("created the channel"))
    elif changes.get("fields"):
        fields = list(changes["fields"])
        log(channel, EDITED, user=user, data={"fields": fields})
        said.append(_("changed %(fields)s") % {"fields": _fields_text(fields)})
    if changes.get("credentials_removed"):
        log(channel, CREDENTIALS_REMOVED, user=user)
        said.append(_("the stored access token was removed"))
    if changes.get("token_replaced") and not changes.get("created"):
        log(channel, TOKEN_REPLACED, user=user)
        said.append(_("entered a new access token"))
    elif changes.get("token_replaced"):
        said.append(_("entered an access token"))
    if not said:
        return []
    heads = heads_for(channel, user)
    if heads:
        notify(
            heads,
            _("Channel changed: %(channel)s") % {"channel": channel},
            _("%(person)s: %(changes)s.")
            % {"person": display_name(user) or _("Sklaida"), "changes": "; ".join(said)},
            url=_history_url(channel),
            event=CHANNEL_CHANGED,
            actor=user,
        )
    return heads


def record_deletion(channel, user):
    """The channel was deleted (Wagtail logs "wagtail.delete"): tell the head."""
    heads = heads_for(channel, user)
    if heads:
        notify(
            heads,
            _("Channel deleted: %(channel)s") % {"channel": channel},
            _("%(person)s deleted the channel %(channel)s.")
            % {"person": display_name(user) or _("Sklaida"), "channel": channel},
            event=CHANNEL_CHANGED,
            actor=user,
        )
    return heads


def access_expired(channel, message, also=()):
    """The network refused the channel's token. Only the change into "needs
    re-authorisation" is logged and told (once per channel, not per delivery):
    to the specialists of the channel's department (all specialists when it has
    none), its head, and `also` (e.g. the post's author)."""
    if not channel.mark_needs_reauthorisation(message):
        return []
    log(channel, ACCESS_EXPIRED, user=None, data={"message": str(message)[:500]})
    specialists = get_user_model().objects.filter(groups__name=SPECIALISTS, is_active=True)
    if channel.department_id:
        specialists = specialists.filter(staff_profile__department_id=channel.department_id)
    people = _people([*specialists, *also, *heads_for(channel)])
    notify(
        people,
        _("Channel access expired: %(channel)s") % {"channel": channel},
        _("%(message)s. Enter a new access token on the channel, then retry its failed deliveries.")
        % {"message": str(message).rstrip(".")},
        url=_edit_url(channel),
        event=DELIVERY_FAILED,
    )
    return people
