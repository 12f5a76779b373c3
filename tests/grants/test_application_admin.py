"""The admin side of grant applications: the register (filters, query budget), the move
view (checked on the server, a refused move changes nothing) and the header buttons."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from cms import roles
from grants.applications_services import LOG_MOVED
from grants.models import GrantApplicationPage
from tests.grants import application_fixtures as fixtures

application_factory = fixtures.application_factory
call = fixtures.call
grant_index = fixtures.grant_index
line = fixtures.line

pytestmark = pytest.mark.django_db

S = GrantApplicationPage.Status
REGISTER = "grants_applications_register"


def move_url(page, target):
    return reverse("grants_applications_move", args=[page.pk, target])


def lt(client):
    client.cookies["django_language"] = "lt"
    return client


def test_the_register_lists_current_figures(application_factory, client_for, head):
    page = application_factory(
        title="Kraštotyros archyvas",
        status=S.AWARDED,
        lines=[line("1", "5000.00", own="1000.00")],
        amount_awarded=Decimal("3500.00"),
    )
    html = lt(client_for(head)).get(reverse(REGISTER)).content.decode()
    assert "Kraštotyros archyvas" in html
    assert "Bibliotekų programa" in html and "Lietuvos kultūros taryba" in html
    assert "4\xa0000,00" in html and "3\xa0500,00" in html
    assert 'data-status="awarded">finansuota' in html
    assert "Jonas Petrauskas" in html
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in html
    # A draft saved later (not approved) is what the register shows, as the editor does.
    current = page.get_latest_revision_as_object()
    current.title = "Kraštotyros archyvas (patikslinta)"
    current.save_revision()
    assert "(patikslinta)" in client_for(head).get(reverse(REGISTER)).content.decode()


def test_the_register_filters_by_status_year_and_funder(application_factory, client_for, head):
    other_call = fixtures.make_call(name="Kitas kvietimas")
    from grants.models import FundingSource

    municipality = FundingSource.objects.create(
        funder="Savivaldybė", kind=FundingSource.Kind.MUNICIPALITY
    )
    other_call.source = municipality
    other_call.deadline = timezone.now() + timedelta(days=800)
    other_call.save()
    application_factory(title="Pirma paraiška", status=S.SUBMITTED)
    application_factory(title="Antra paraiška", status=S.DRAFTING, call=other_call)
    client = client_for(head)

    def titles(query):
        html = client.get(reverse(REGISTER) + query).content.decode()
        return {t for t in ("Pirma paraiška", "Antra paraiška") if t in html}

    assert titles("") == {"Pirma paraiška", "Antra paraiška"}
    assert titles("?status=submitted") == {"Pirma paraiška"}
    assert titles(f"?funder={municipality.pk}") == {"Antra paraiška"}
    assert titles(f"?year={other_call.deadline.year}") == {"Antra paraiška"}
    assert titles("?year=abc") == {"Pirma paraiška", "Antra paraiška"}  # ignored, not a 500


def test_the_register_filters_and_sorts_on_the_version_it_shows(
    application_factory, client_for, head
):
    """A draft that moves an application to another call (another funder, another year)
    is found under that call, as the register shows it; not under the page row's call."""
    from grants.models import FundingSource

    municipality = FundingSource.objects.create(
        funder="Savivaldybė", kind=FundingSource.Kind.MUNICIPALITY
    )
    later = fixtures.make_call(name="Vėlesnis kvietimas")
    later.source = municipality
    later.deadline = timezone.now() + timedelta(days=800)
    later.save()
    page = application_factory(title="Pirma paraiška")
    application_factory(title="Antra paraiška")
    draft = page.get_latest_revision_as_object()
    draft.call = later
    draft.title = "Perkelta paraiška"
    draft.save_revision()
    client = client_for(head)

    def titles(query):
        html = client.get(reverse(REGISTER) + query).content.decode()
        found = [t for t in ("Perkelta paraiška", "Antra paraiška") if t in html]
        return sorted(found, key=html.index)

    assert titles(f"?funder={municipality.pk}") == ["Perkelta paraiška"]
    assert titles(f"?year={later.deadline.year}") == ["Perkelta paraiška"]
    first_call_funder = FundingSource.objects.get(funder="Lietuvos kultūros taryba")
    assert titles(f"?funder={first_call_funder.pk}") == ["Antra paraiška"]
    # Sorted on the shown call's deadline: the later deadline first.
    assert titles("") == ["Perkelta paraiška", "Antra paraiška"]


@pytest.mark.parametrize("rows", [1, 30])
def test_the_register_query_budget(
    rows, application_factory, client_for, head, django_assert_max_num_queries
):
    for number in range(rows):
        application_factory(title=f"Paraiška {number}", slug=f"paraiska-{number}")
    client = client_for(head)
    client.get(reverse(REGISTER))  # warm the session and caches
    # The same at 1 and 30 rows: the page, the Funding menu (its items' rights) and the
    # moderation queue's count in the menu.
    with django_assert_max_num_queries(26):
        response = client.get(reverse(REGISTER))
    assert response.content.decode().count("data-application=") == rows


@pytest.mark.parametrize(
    "role,status",
    [
        (roles.SPECIALISTS, 200),
        (roles.HEADS, 200),
        (roles.ADMINISTRATION, 200),
        (roles.OTHER_DEPARTMENTS, "refused"),
        ("anonymous", "login"),
    ],
)
def test_who_opens_the_register(role_users, client_for, role, status, assert_denied):
    response = client_for(role_users[role]).get(reverse(REGISTER))
    if status == 200:
        assert response.status_code == 200
    else:
        assert_denied(response, anonymous=status == "login")


def test_a_move_through_the_view(application_factory, client_for, head, specialist):
    page = application_factory(status=S.SUBMITTED)
    client = lt(client_for(specialist))
    form = client.get(move_url(page, S.UNDER_EVALUATION))
    assert form.status_code == 200 and "Pažymėti, kad vertinama" in form.content.decode()
    response = client.post(move_url(page, S.UNDER_EVALUATION), {"comment": "Gautas patvirtinimas."})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.status == S.UNDER_EVALUATION
    entry = PageLogEntry.objects.get(page=page, action=LOG_MOVED)
    assert entry.data["comment"] == "Gautas patvirtinimas." and entry.user == specialist


@pytest.mark.parametrize(
    "role,source,target",
    [
        (roles.SPECIALISTS, S.DRAFTING, S.AWARDED),  # the lifecycle forbids it
        (roles.SPECIALISTS, S.SUBMITTED, S.WITHDRAWN),  # only heads / Administration
        (roles.ADMINISTRATION, S.SUBMITTED, S.UNDER_EVALUATION),  # editors only
        (roles.HEADS, S.UNDER_EVALUATION, S.AWARDED),  # no decision recorded
        (roles.HEADS, S.DRAFTING, S.INTERNAL_APPROVAL),  # the workflow's move
        (roles.HEADS, S.DRAFTING, "nonsense"),
    ],
)
def test_a_refused_move_changes_nothing_and_says_why(
    application_factory, role_users, client_for, role, source, target
):
    page = application_factory(status=source)
    client = lt(client_for(role_users[role]))
    response = client.post(move_url(page, target), {"comment": "Bandau"})
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages and all(m for m in messages)
    page.refresh_from_db()
    assert page.status == source
    assert not PageLogEntry.objects.filter(page=page, action=LOG_MOVED).exists()
    refused_form = client.get(move_url(page, target))
    assert "data-refusal" in refused_form.content.decode()


def test_other_departments_cannot_move_even_by_post(
    application_factory, other_department_user, client_for
):
    page = application_factory(status=S.SUBMITTED)
    client = client_for(other_department_user)
    response = client.post(move_url(page, S.UNDER_EVALUATION), {"comment": "x"})
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.status == S.SUBMITTED


def test_moves_offered_in_the_editor_header_and_panel(application_factory, client_for, head):
    page = application_factory(status=S.SUBMITTED)
    html = lt(client_for(head)).get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    html = html.content.decode()
    assert move_url(page, S.UNDER_EVALUATION) in html
    assert move_url(page, S.WITHDRAWN) in html
    assert 'data-lifecycle-state="submitted"' in html


def test_the_header_offers_exactly_the_panels_allowed_moves(application_factory, specialist):
    """One builder (lifecycle.move_buttons) for both: the header's buttons are the
    panel's allowed moves, in the same order, to the same URLs."""
    from grants.lifecycle import move_buttons, page_header_buttons

    page = application_factory(status=S.SUBMITTED)
    panel = move_buttons(specialist, page)
    assert any(not button.decision for button in panel)  # withdrawing is for deciders
    header = page_header_buttons(page.page_ptr, specialist)
    assert [(str(b.label), b.url) for b in header] == [
        (str(b.move.label), b.url) for b in panel if b.decision
    ]


def test_the_register_exports_the_filtered_rows_as_xlsx(application_factory, client_for, head):
    import io

    import openpyxl

    application_factory(
        title="Kraštotyros archyvas",
        status=S.AWARDED,
        lines=[line("1", "5000.00", own="1000.00")],
        amount_awarded=Decimal("3500.00"),
    )
    application_factory(title="Skaitymo klubai", status=S.DRAFTING)
    response = lt(client_for(head)).get(reverse(REGISTER) + "?status=awarded&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Pavadinimas" and len(rows) == 2
    title, call_name, funder, status, person, requested, awarded, deadline = rows[1]
    assert (title, funder, status) == (
        "Kraštotyros archyvas",
        "Lietuvos kultūros taryba",
        "finansuota",
    )
    assert (requested, awarded) == (4000, 3500)
    assert deadline is not None


def test_from_drafting_to_submitted_through_the_admin(
    application_factory, client_for, specialist, head
):
    """The editor's "submit for approval" is the internal approval; the head's approval
    (the moderation workflow) lets the specialist record the submission."""
    from tests.html_forms import form_data

    page = application_factory(status=S.DRAFTING)
    author = lt(client_for(specialist))
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = form_data(author.get(edit_url).text)
    data["action-submit"] = "1"
    assert author.post(edit_url, data).status_code == 302
    page.refresh_from_db()
    assert page.status == S.INTERNAL_APPROVAL
    refused = author.post(move_url(page, S.SUBMITTED), {"comment": ""})
    assert "laukia vadovo patvirtinimo" in " ".join(
        str(m) for m in get_messages(refused.wsgi_request)
    )
    task_state = page.current_workflow_state.current_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )
    assert client_for(head).post(approve, {"comment": "Tinka."}).status_code in (200, 302)
    page.refresh_from_db()
    assert page.live and page.current_workflow_state is None
    assert author.post(move_url(page, S.SUBMITTED), {"comment": "Pateikta per e. sistemą."})
    page.refresh_from_db()
    assert page.status == S.SUBMITTED
    assert page.submitted_on == timezone.localdate()


def test_the_register_costs_the_same_at_1_and_30_rows(application_factory, client_for, head):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(head)

    def cost():
        client.get(reverse(REGISTER))
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse(REGISTER))
        return len(queries)

    application_factory(title="Paraiška 0", slug="paraiska-0")
    one = cost()
    for number in range(1, 30):
        application_factory(title=f"Paraiška {number}", slug=f"paraiska-{number}")
    assert cost() == one


def test_the_group_names_are_read_once_for_the_tree_and_the_moves(
    specialist, django_assert_num_queries
):
    """One lookup (private_tree.group_names) serves who sees the tree and who moves."""
    from grants import lifecycle, private_tree

    with django_assert_num_queries(1):
        assert private_tree.may_see_applications(specialist)
        assert lifecycle._in_roles(specialist, lifecycle.EDITORS)
        assert not lifecycle._in_roles(specialist, lifecycle.DECIDERS)
