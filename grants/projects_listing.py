"""The public project list: GET filters (status, year, funder), server-rendered, paginated."""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Max, Min, Prefetch, Q
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from .models import ProjectFunder, ProjectPage

PER_PAGE = 12
LISTING_IMAGE_SPEC = "fill-480x270"


def published_projects(index):
    return ProjectPage.objects.child_of(index).live().public()


class ProjectFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    funder = forms.ChoiceField(label=_("Funder"), required=False)

    def __init__(self, data, projects):
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["status"].choices = everything + list(ProjectPage.Status.choices)
        span = projects.aggregate(
            first=Min("period_start"), last=Max("period_end"), last_start=Max("period_start")
        )
        years = sorted(
            {d.year for d in (span["first"], span["last"], span["last_start"]) if d is not None}
        )
        choices = range(years[0], years[-1] + 1) if years else []
        self.fields["year"].choices = everything + [(y, str(y)) for y in reversed(choices)]
        funders = (
            ProjectFunder.objects.filter(project__in=projects)
            .order_by("name")
            .values_list("name", flat=True)
            .distinct()
        )
        self.fields["funder"].choices = everything + [(name, name) for name in funders]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _(
                "There is no such choice; showing all projects instead."
            )

    def filter(self, projects):
        if not self.is_valid():
            return projects
        data = self.cleaned_data
        if data.get("status"):
            projects = projects.filter(status=data["status"])
        year = data.get("year")
        if year:
            runs = Q(period_start__year__lte=year) & (
                Q(period_end__year__gte=year) | Q(period_end__isnull=True, period_start__year=year)
            )
            projects = projects.filter(runs | Q(period_start__isnull=True, period_end__year=year))
        if data.get("funder"):
            projects = projects.filter(funders__name=data["funder"]).distinct()
        return projects


def project_listing(index, request):
    """The template context of the project list page."""
    projects = published_projects(index)
    data = request.GET if any(k in request.GET for k in ("status", "year", "funder")) else None
    form = ProjectFilterForm(data, projects)
    filtered = form.filter(projects) if data is not None else projects
    Image = get_image_model()
    filtered = filtered.order_by("-period_start", "title").prefetch_related(
        Prefetch("image", queryset=Image.objects.prefetch_renditions(LISTING_IMAGE_SPEC)),
        Prefetch("funders", queryset=ProjectFunder.objects.order_by("sort_order")),
    )
    paginator = Paginator(filtered, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "projects": page_obj,
        "paginator": paginator,
        "filter_query": query.urlencode(),
        "filtered": data is not None and form.is_valid() and any(form.cleaned_data.values()),
    }
