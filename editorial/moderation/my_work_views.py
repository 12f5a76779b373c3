"""The "My work" page: the author's sections, and one section in full ("show all")."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from wagtail.admin.menu import MenuItem

from .permissions import can_open_my_work
from .registries import my_work_section, my_work_sections
from .stand_in import absences_covered_by, people_for, stand_in_summary

DEFAULT_LIMIT = 10
PER_PAGE = 25


def _context(request):
    decision = can_open_my_work(request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    absences = absences_covered_by(request.user)
    return {
        "stand_in": stand_in_summary(absences),
        "people": people_for(request.user, absences),
    }


@require_safe
def my_work(request):
    context = _context(request)
    blocks = []
    for section in my_work_sections():
        limit = getattr(section, "limit", None) or DEFAULT_LIMIT
        section.limit = limit
        rows = list(section.items(request.user, context["people"]))
        blocks.append(
            {
                "section": section,
                "items": rows[:limit],
                "more_url": reverse("moderation_my_work_section", args=[section.key])
                if len(rows) > limit
                else "",
            }
        )
    context.update(blocks=blocks, page_title=_("My work"))
    return render(request, "moderation/my_work/index.html", context)


@require_safe
def my_work_section_view(request, key):
    context = _context(request)
    section = my_work_section(key)
    if section is None:
        raise Http404(_("There is no such section of My work."))
    section.limit = None
    rows = list(section.items(request.user, context["people"]))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("p"))
    context.update(
        section=section,
        page_obj=page,
        items=page.object_list,
        page_title=str(section.title),
    )
    return render(request, "moderation/my_work/section.html", context)


class MyWorkMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(can_open_my_work(request.user))


def my_work_menu_item():
    return MyWorkMenuItem(
        gettext_lazy("My work"),
        reverse("moderation_my_work"),
        name="my-work",
        icon_name="tasks",
        order=90,
    )
