"""The moderation queue's admin page and the decisions taken from it (inline and in bulk)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.auth import permission_denied

from . import queue as service
from . import queue_decisions as decisions
from .permissions import can_open_queue
from .queue_filters import queue_filters


def queue_view(request):
    if not can_open_queue(request.user):
        return permission_denied(request)
    queue = service.queue_for(request.user, request)
    mine = queue.task_states()

    filters, task_states = [], mine
    for queue_filter in queue_filters():
        value = request.GET.get(queue_filter.key, "")[:50]
        if value:
            task_states = queue_filter.apply(task_states, value)
        filters.append(
            {
                "key": queue_filter.key,
                "label": queue_filter.label,
                "value": value,
                "choices": queue_filter.choices(mine),
            }
        )
    query = request.GET.get("q", "")[:200]
    task_states = service.search(task_states, query)
    listing = service.ordered(task_states)
    filtered = bool(query) or any(item["value"] for item in filters)
    paginator = Paginator(listing, service.PAGE_SIZE)
    if not filtered:
        paginator.count = queue.count  # one count for the page and the menu
    page = paginator.get_page(request.GET.get("p"))
    rows = service.rows(queue, page.object_list)
    return TemplateResponse(
        request,
        "moderation/queue.html",
        {
            "page_title": _("Moderation queue"),
            "header_icon": "tasks",
            "queue": queue,
            "rows": rows,
            "page": page,
            "filters": filters,
            "query": query,
            "filtered": filtered,
            "actions": [
                (key, label, required) for key, (_a, required, label) in decisions.ACTIONS.items()
            ],
            "bulk_actions": [
                (key, label) for key, (_a, _required, label) in decisions.ACTIONS.items()
            ],
            "here": request.get_full_path(),
            "querystring_without_page": _without_page(request),
        },
    )


def _without_page(request):
    params = request.GET.copy()
    params.pop("p", None)
    return params.urlencode()


@require_POST
def act_view(request):
    """Apply one decision to the selected items; report what was done and what was not."""
    if not can_open_queue(request.user):
        return permission_denied(request)
    back = _next_url(request)
    action = request.POST.get("action", "")
    comment = request.POST.get("comment", "")
    ids = decisions.parse_ids(request.POST.getlist("task_state"))
    if ids is None:
        messages.error(request, _("The selection is not valid; nothing was changed."))
        return redirect(back)
    problem = decisions.check_request(action, comment, ids)
    if problem:
        messages.error(request, problem)
        return redirect(back)

    outcomes = decisions.decide_many(request.user, ids, action, comment)
    report(request, outcomes)
    return redirect(back)


def report(request, outcomes):
    done = [outcome for outcome in outcomes if outcome.done]
    if len(done) == 1:
        messages.success(request, done[0].message)
    elif done:
        titles = "; ".join(f"„{outcome.title}“" for outcome in done)
        messages.success(
            request,
            ngettext(
                "Done for %(count)d item: %(titles)s. The authors have been told.",
                "Done for %(count)d items: %(titles)s. The authors have been told.",
                len(done),
            )
            % {"count": len(done), "titles": titles},
        )
    for outcome in outcomes:
        if outcome.done:
            continue
        if outcome.title:
            text = _("Not done: „%(title)s“. %(reason)s") % {
                "title": outcome.title,
                "reason": outcome.message,
            }
        else:
            text = _("Not done: item no. %(id)s. %(reason)s") % {
                "id": outcome.task_state_id,
                "reason": outcome.message,
            }
        messages.error(request, text)


def _next_url(request):
    url = request.POST.get("next", "")
    queue_url = reverse("moderation_queue")
    if url.startswith(queue_url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return queue_url
