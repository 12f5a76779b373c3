"""Public project pages made from awarded applications (issue 8, item 5).

`create_project_page` copies only what the public may see — the title, summary,
objectives (as goals), period, the funder with its logo and required wording, and the
partners marked public — into a DRAFT page under the project list. The budget, internal
comments, documents, the decision comments and the responsible people stay in the
private tree. The draft then goes through the normal moderation workflow.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log

from .models import GrantApplicationPage, ProjectFunder, ProjectIndexPage, ProjectPage
from .models import ProjectPartner as PublicPartner
from .permissions import can_create_project_page


@dataclass(frozen=True)
class ProjectPageResult:
    decision: object
    page: ProjectPage | None = None

    def __bool__(self):
        return self.page is not None


def project_index_for(application):
    """The project list the page goes under: one in the application's language first."""
    indexes = ProjectIndexPage.objects.order_by("path")
    return indexes.filter(locale_id=application.locale_id).first() or indexes.first()


def text_to_rich_text(text):
    """Plain text (paragraphs separated by blank lines) as safe rich text."""
    paragraphs = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n")]
    return "".join("<p>{}</p>".format(escape(p).replace("\n", "<br/>")) for p in paragraphs if p)


def project_status_for(application, today=None):
    today = today or timezone.localdate()
    if application.status == GrantApplicationPage.Status.CLOSED or (
        application.period_end and application.period_end < today
    ):
        return ProjectPage.Status.COMPLETED
    if application.period_start and application.period_start > today:
        return ProjectPage.Status.PLANNED
    return ProjectPage.Status.ONGOING


def public_funders(application):
    """ProjectFunder rows (unsaved) for the application's call's funding source."""
    call = application.call
    if call is None:
        return []
    source = call.source
    agreement = (
        source.agreements.exclude(acknowledgement="", logo__isnull=True)
        .order_by("-signed_on", "-id")
        .first()
    )
    return [
        ProjectFunder(
            name=source.funder[:200],
            url=source.url,
            logo=agreement.logo if agreement else None,
            acknowledgement=agreement.acknowledgement if agreement else "",
        )
    ]


def public_partners(application):
    return [
        PublicPartner(name=partner.name)
        for partner in application.partners.filter(public=True).order_by("sort_order", "pk")
    ]


def create_project_page(user, application):
    """A draft ProjectPage for `application`, or the reason it cannot be made."""
    with transaction.atomic():
        # Locked so that a double click makes one page, not two.
        # No joins besides the page's own table: PostgreSQL locks no nullable outer join.
        application = GrantApplicationPage.objects.select_for_update().get(pk=application.pk)
        index = project_index_for(application)
        decision = can_create_project_page(user, application, index)
        if not decision:
            return ProjectPageResult(decision)
        page = ProjectPage(
            title=application.title,
            slug=find_available_slug(index, slugify(application.title)[:200] or "projektas"),
            locale_id=index.locale_id,
            application=application,
            status=project_status_for(application),
            summary=application.summary,
            goals=text_to_rich_text(application.objectives),
            period_start=application.period_start,
            period_end=application.period_end,
            live=False,
            owner=user,
        )
        page.funders = public_funders(application)
        page.partners = public_partners(application)
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=False)
        log(instance=page, action="wagtail.create", user=user)
        log(
            instance=application,
            action="sklaida.grants.project_page_created",
            user=user,
            data={"page_id": page.pk, "title": page.title},
        )
    return ProjectPageResult(decision, page)
