"""The funding figures page (Funding → Figures) and its xlsx export."""

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.auth import permission_denied

from .figures import COLUMNS, compute, workbook
from .permissions import can_view_funding

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def figures_view(request):
    if not can_view_funding(request.user):
        return permission_denied(request)
    figures = compute()
    if request.GET.get("export") == "xlsx":
        buffer = io.BytesIO()
        workbook(figures).save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        day = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="finansavimo-rodikliai-{day}.xlsx"'
        return response
    return TemplateResponse(
        request,
        "grants/figures.html",
        {
            "figures": figures,
            "columns": [label for _name, label in COLUMNS[1:]],
            "export_url": reverse("grants_figures") + "?export=xlsx",
        },
    )


def figures_menu_item():
    from django.utils.translation import gettext_lazy as _
    from wagtail.admin.menu import MenuItem

    class FiguresMenuItem(MenuItem):
        def is_shown(self, request):
            return bool(can_view_funding(request.user))

    return FiguresMenuItem(_("Figures"), reverse("grants_figures"), icon_name="table", order=90)
