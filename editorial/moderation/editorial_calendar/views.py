"""The editorial calendar in the admin: month, week and agenda; moving an entry; the
private feed link. Every entry comes from a registered source (registries.py), which
also decides every move."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.models import Department

from ..registries import calendar_source
from . import feeds, grid

MAX_KEY_LENGTH = 200


KIND_CLASS_UNSAFE = re.compile(r"[^a-z0-9_-]")
COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
DEFAULT_COLOUR = "#5c6bc0"


def kind_class(kind):
    """The CSS class of a source's kind (its colour comes from `kind_colours`)."""
    return "sk-cal-kind-" + KIND_CLASS_UNSAFE.sub("-", str(kind).lower())


def safe_colour(colour):
    """A source's colour when it is a hex colour; anything else could break out of CSS."""
    return colour if isinstance(colour, str) and COLOUR.match(colour) else DEFAULT_COLOUR


@dataclass
class EntryView:
    """An entry as the templates show it."""

    entry: object
    kind_label: str
    day: date
    time: str  # "HH:MM" local, "" for whole-day items

    @property
    def local_start(self):
        start = self.entry.starts_at
        return timezone.localtime(start) if isinstance(start, datetime) else start

    @property
    def html(self):
        """The entry as a link. Built here with plain escaping rather than an
        {% include %} (or nested format_html) per entry: a month holds hundreds of
        entries, and the template engine was most of its time."""
        entry = self.entry
        drag = (
            f' draggable="true" data-kind="{escape(entry.kind)}" data-key="{escape(entry.key)}"'
            f' data-date="{self.day.isoformat()}" data-time="{escape(self.time)}"'
            if entry.movable
            else ""
        )
        when = (
            f'<time class="sk-cal-time" datetime="{self.local_start.isoformat()}">'
            f"{escape(self.time)}</time> "
            if self.time
            else ""
        )
        channel = (
            f' <span class="sk-cal-channel">{escape(entry.channel_label)}</span>'
            if entry.channel_label
            else ""
        )
        return mark_safe(  # noqa: S308 - every value above and below is escaped
            f'<a class="sk-cal-entry sk-cal-state-{escape(entry.state or "none")}'
            f' {kind_class(entry.kind)}" href="{escape(entry.url or "#")}"'
            f'{drag}>{when}<span class="sk-cal-title">{escape(entry.title)}</span>{channel}'
            f' <span class="sk-cal-meta"><span class="visually-hidden">'
            f"{escape(self.kind_label)}, </span>{escape(entry.state_label)}</span></a>"
        )


def _views_of(entries, sources, day):
    by_kind = {source.kind: source for source in sources}
    result = []
    for entry in entries:
        source = by_kind.get(entry.kind)
        start = entry.starts_at
        result.append(
            EntryView(
                entry=entry,
                kind_label=str(getattr(source, "label", entry.kind)),
                day=day,
                time=timezone.localtime(start).strftime("%H:%M")
                if isinstance(start, datetime)
                else "",
            )
        )
    return result


def _parse_day(value):
    """(date, problem): today, with a message, when `value` is not a date."""
    today = grid.local_now().date()
    if not value:
        return today, None
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return today, _("The date was not understood; showing today.")
    if not 1900 <= day.year <= 2200:
        return today, _("The date was not understood; showing today.")
    return day, None


class CalendarView(WagtailAdminTemplateMixin, TemplateView):
    """One of month, week, agenda (`mode`)."""

    mode = "month"
    template_name = "moderation/calendar/calendar.html"
    page_title = gettext_lazy("Editorial calendar")
    header_icon = "date"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        day, problem = _parse_day(request.GET.get("date"))
        if problem:
            messages.warning(request, problem)
        filters = grid.Filters.from_query(request.GET)
        layout = getattr(self, f"_{self.mode}")(day, filters)
        loaded = layout["loaded"]
        weekdays = [date_format(date(2024, 1, 1 + n), "l") for n in range(7)]
        months = {}
        for cell in layout["days"].values():
            cell.views = _views_of(cell.entries, loaded.sources, cell.day)
            # Labels once per weekday and month: a date filter per cell costs more.
            cell.iso = cell.day.isoformat()
            cell.weekday_name = weekdays[cell.day.weekday()]
            if cell.day.month not in months:
                months[cell.day.month] = date_format(cell.day, "E")
            cell.month_name = months[cell.day.month]
        context.update(layout)
        context.update(self._filter_choices(loaded, filters))
        context.update(
            mode=self.mode,
            day=day,
            filters=filters,
            today_query=grid.query_string(grid.local_now().date(), filters),
            legend=grid.legend(loaded.sources),
            failed=loaded.failed,
            views=[
                ("month", _("Month"), reverse("moderation_calendar")),
                ("week", _("Week"), reverse("moderation_calendar_week")),
                ("agenda", _("Agenda"), reverse("moderation_calendar_agenda")),
            ],
            view_query=grid.query_string(day, filters),
            move_url=reverse("moderation_calendar_move"),
            back_url=request.get_full_path(),
            feed_url=reverse("moderation_calendar_feed"),
            weekdays=weekdays,
        )
        return context

    def _month(self, day, filters):
        weeks, first, last = grid.month_bounds(day)
        loaded = grid.load(self.request.user, first, last)
        gap_channels = grid.gap_channels(loaded, filters)
        days = grid.lay_out(
            loaded,
            filters,
            first,
            last,
            in_range=lambda d: d.month == day.month,
            gap_channels=gap_channels,
        )
        month_start = date(day.year, day.month, 1)
        gap_rows = [
            {
                "channel": channel,
                "days": [
                    cell.day for cell in days.values() if cell.in_range and channel in cell.gaps
                ],
            }
            for channel in gap_channels
        ]
        return {
            "loaded": loaded,
            "days": days,
            "weeks": [[days[d] for d in week] for week in weeks],
            "heading": date_format(month_start, "F Y"),
            "previous_query": grid.query_string(grid.shift_month(month_start, -1), filters),
            "next_query": grid.query_string(grid.shift_month(month_start, 1), filters),
            "previous_label": _("Previous month"),
            "next_label": _("Next month"),
            "gap_rows": gap_rows,
            "marks_gaps_in_cells": filters.channel is not None,
        }

    def _week(self, day, filters):
        first = grid.week_start(day)
        last = first + timedelta(days=6)
        loaded = grid.load(self.request.user, first, last)
        days = grid.lay_out(
            loaded, filters, first, last, gap_channels=grid.gap_channels(loaded, filters)
        )
        return {
            "loaded": loaded,
            "days": days,
            "weeks": [[days[first + timedelta(days=n)] for n in range(7)]],
            "heading": _("Week of %(first)s – %(last)s")
            % {
                "first": date_format(first, "SHORT_DATE_FORMAT"),
                "last": date_format(last, "SHORT_DATE_FORMAT"),
            },
            "previous_query": grid.query_string(first - timedelta(days=7), filters),
            "next_query": grid.query_string(first + timedelta(days=7), filters),
            "previous_label": _("Previous week"),
            "next_label": _("Next week"),
            "gap_rows": [],
            "marks_gaps_in_cells": True,
        }

    def _agenda(self, day, filters):
        last = day + timedelta(days=grid.AGENDA_DAYS - 1)
        loaded = grid.load(self.request.user, day, last)
        days = grid.lay_out(loaded, filters, day, last)
        return {
            "loaded": loaded,
            "days": days,
            "agenda": [cell for cell in days.values() if cell.entries],
            "heading": _("%(first)s – %(last)s")
            % {
                "first": date_format(day, "SHORT_DATE_FORMAT"),
                "last": date_format(last, "SHORT_DATE_FORMAT"),
            },
            "previous_query": grid.query_string(day - timedelta(days=grid.AGENDA_DAYS), filters),
            "next_query": grid.query_string(last + timedelta(days=1), filters),
            "previous_label": _("Earlier"),
            "next_label": _("Later"),
            "gap_rows": [],
            "marks_gaps_in_cells": False,
        }

    def _filter_choices(self, loaded, filters):
        authors, known = {}, {code for code, _label in grid.STATES}
        other_states = {}  # a source's own states (an assignment's "overdue"…)
        for entry in loaded.entries:
            if entry.author_id is not None:
                authors[entry.author_id] = entry.author_label
            if entry.state and entry.state not in known:
                other_states.setdefault(entry.state, entry.state_label or entry.state)
        if filters.author is not None and filters.author not in authors:
            person = get_user_model().objects.filter(pk=filters.author).first()
            if person is not None:
                authors[person.pk] = person.get_full_name() or person.get_username()
        return {
            "channel_choices": loaded.channels,
            "kind_choices": grid.legend(loaded.sources),
            "author_choices": sorted(authors.items(), key=lambda item: item[1]),
            "department_choices": list(
                Department.objects.order_by("name").values_list("pk", "name")
            ),
            "state_choices": [*grid.STATES, *sorted(other_states.items(), key=lambda i: i[1])],
        }


month_view = CalendarView.as_view(mode="month")
week_view = CalendarView.as_view(mode="week")
agenda_view = CalendarView.as_view(mode="agenda")


def _back(request):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("moderation_calendar")


def _new_start(day_text, time_text):
    """(new start, problem): an aware datetime with a time, a date without one."""
    try:
        day = date.fromisoformat((day_text or "").strip())
    except ValueError:
        return None, _("Choose a valid date.")
    time_text = (time_text or "").strip()
    if not time_text:
        return day, None
    try:
        moment = time.fromisoformat(time_text)
    except ValueError:
        return None, _("Choose a valid time (HH:MM).")
    return timezone.make_aware(datetime.combine(day, moment.replace(second=0, microsecond=0))), None


@require_POST
def move_entry(request):
    """Move an entry (drag and drop, or the agenda's form). The source decides."""
    kind = (request.POST.get("kind") or "").strip()
    key = (request.POST.get("key") or "").strip()
    if not kind or not key or len(key) > MAX_KEY_LENGTH or len(kind) > MAX_KEY_LENGTH:
        messages.error(request, _("Nothing to move: the item was not given."))
        return _back(request)
    source = calendar_source(kind)
    if source is None:
        messages.error(request, _("This item cannot be moved on the calendar."))
        return _back(request)
    new_start, problem = _new_start(request.POST.get("date"), request.POST.get("time"))
    if problem:
        messages.error(request, problem)
        return _back(request)
    decision = source.reschedule(request.user, key, new_start)
    if decision:
        messages.success(request, decision.reason)
    else:
        messages.error(request, decision.reason or _("The item was not moved."))
    return _back(request)


class FeedLinkView(WagtailAdminTemplateMixin, TemplateView):
    """Make, copy and revoke one's private calendar feed link."""

    template_name = "moderation/calendar/feed_link.html"
    page_title = gettext_lazy("Calendar subscription")
    header_icon = "date"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["token"] = feeds.active_token(self.request.user)
        context["calendar_url"] = reverse("moderation_calendar")
        return context

    def post(self, request):
        action = request.POST.get("action")
        if action == "create":
            token = feeds.create_token(request.user)
            link = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
            messages.success(
                request,
                _(
                    "A new link was made. Copy it now: it is shown only once. "
                    "Older links no longer work."
                ),
            )
            return self.render_to_response(self.get_context_data(new_link=link))
        if action == "revoke":
            if feeds.revoke_tokens(request.user):
                messages.success(
                    request, _("The link was revoked; calendars using it get nothing more.")
                )
            else:
                messages.info(request, _("You have no link to revoke."))
            return redirect("moderation_calendar_feed")
        messages.error(request, _("Unknown action."))
        return redirect("moderation_calendar_feed")


feed_link_view = FeedLinkView.as_view()


@require_GET
def kind_colours(request):
    """Each source's colour as a class (the admin's CSP refuses style attributes)."""
    from ..registries import calendar_sources

    rules = [
        f".{kind_class(source.kind)} {{ --sk-colour: {safe_colour(source.colour)}; }}"
        for source in calendar_sources()
    ]
    response = HttpResponse("\n".join(rules) + "\n", content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
def feed(request, token):
    """The public (token-protected) iCal feed, outside the admin."""
    user = feeds.user_for_token(token)
    if user is None:
        raise Http404
    tag, body = feeds.feed_for(user, request.build_absolute_uri)
    etag = f'"{tag}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="sklaida-kalendorius.ics"'
    response["ETag"] = etag
    # Personal: never in the public page cache nor in a shared cache on the way; the
    # person's own calendar application may keep it but asks again every time.
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
