"""Funding sources, support agreements and calls: the registers, their validation, the
role matrix (a refused action changes nothing), filters, search, export, query budgets."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from cms import roles
from grants.models import Call, FundingSource, SupportAgreement
from tests.grants.funding_helpers import make_call, make_source

pytestmark = pytest.mark.django_db

S, H, A, OD = roles.SPECIALISTS, roles.HEADS, roles.ADMINISTRATION, roles.OTHER_DEPARTMENTS
ANONYMOUS = "anonymous"

SOURCE_POST = {
    "funder": "Vilniaus miesto savivaldybė",
    "programme": "Kultūros projektai",
    "kind": "municipality",
    "url": "https://vilnius.lt/",
    "active": "on",
    "eligible_applicants": "Bibliotekos",
    "eligible_costs": "Renginiai",
    "typical_amount_min": "1000",
    "typical_amount_max": "8000",
    "own_contribution_share": "20",
    "recurring_deadlines": "Kasmet lapkritį",
    "tags": "bendruomenė, kultūra",
    "notes": "",
}


def call_post(source, deadline, **overrides):
    data = {
        "source": str(source.pk),
        "name": "Naujas kvietimas",
        "deadline": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M"),
        "max_amount": "15000",
        "min_own_share": "10",
        "url": "",
        "responsible": "",
    }
    data.update(overrides)
    return data


def url(model, action, pk=None):
    name = f"grants_{model}_modeladmin_{action}"
    return reverse(name, args=[pk]) if pk is not None else reverse(name)


# --- the role matrix -----------------------------------------------------------------------

# role -> (may list/inspect, may add, may change, may delete)
MATRIX = {
    S: (True, True, True, False),
    H: (True, True, True, True),
    A: (True, False, False, False),
    OD: (False, False, False, False),
    ANONYMOUS: (False, False, False, False),
}


def _user(role, role_users):
    return None if role == ANONYMOUS else role_users[role]


@pytest.mark.parametrize("role", list(MATRIX))
def test_role_matrix_for_sources(role, role_users, client_for, assert_denied):
    may_list, may_add, may_change, may_delete = MATRIX[role]
    source = make_source(funder="Lietuvos kultūros taryba")
    client = client_for(_user(role, role_users))

    response = client.get(url("fundingsource", "index"))
    if may_list:
        assert response.status_code == 200 and "Lietuvos kultūros taryba" in response.text
        assert client.get(url("fundingsource", "inspect", source.pk)).status_code == 200
    else:
        assert_denied(response, anonymous=role == ANONYMOUS)

    response = client.post(url("fundingsource", "create"), SOURCE_POST)
    created = FundingSource.objects.filter(funder=SOURCE_POST["funder"])
    if may_add:
        assert response.status_code == 302, response.content
        assert created.get().tags.count() == 2
    else:
        assert_denied(response, anonymous=role == ANONYMOUS)
        assert not created.exists()

    response = client.post(
        url("fundingsource", "edit", source.pk),
        {**SOURCE_POST, "funder": "Pakeista taryba", "tags": ""},
    )
    source.refresh_from_db()
    if may_change:
        assert response.status_code == 302 and source.funder == "Pakeista taryba"
    else:
        assert_denied(response, anonymous=role == ANONYMOUS)
        assert source.funder == "Lietuvos kultūros taryba"

    response = client.post(url("fundingsource", "delete", source.pk))
    if may_delete:
        assert not FundingSource.objects.filter(pk=source.pk).exists()
    else:
        assert_denied(response, anonymous=role == ANONYMOUS)
        assert FundingSource.objects.filter(pk=source.pk).exists()


@pytest.mark.parametrize("role", list(MATRIX))
def test_role_matrix_for_calls_and_agreements(role, role_users, client_for, assert_denied):
    may_list, may_add, may_change, may_delete = MATRIX[role]
    source = make_source()
    call = make_call(source=source, name="Esamas kvietimas")
    agreement = SupportAgreement.objects.create(source=source, number="PS-7")
    client = client_for(_user(role, role_users))
    deadline = timezone.now() + timedelta(days=30)

    response = client.post(url("call", "create"), call_post(source, deadline))
    if may_add:
        assert response.status_code == 302
        assert Call.objects.filter(name="Naujas kvietimas").exists()
    else:
        assert_denied(response, anonymous=role == ANONYMOUS)
        assert not Call.objects.filter(name="Naujas kvietimas").exists()

    response = client.post(
        url("call", "edit", call.pk), call_post(source, deadline, name="Pervadintas")
    )
    call.refresh_from_db()
    assert (call.name == "Pervadintas") is may_change
    if not may_change:
        assert_denied(response, anonymous=role == ANONYMOUS)

    response = client.post(
        url("supportagreement", "edit", agreement.pk),
        {"source": str(source.pk), "number": "PS-8", "acknowledgement": "", "in_kind": ""},
    )
    agreement.refresh_from_db()
    assert (agreement.number == "PS-8") is may_change
    response = client.get(url("supportagreement", "index"))
    if may_list:
        assert response.status_code == 200 and "PS-" in response.text
    else:
        assert_denied(response, anonymous=role == ANONYMOUS)

    client.post(url("call", "delete", call.pk))
    assert Call.objects.filter(pk=call.pk).exists() is not may_delete


def test_other_departments_do_not_see_the_funding_menu(client_for, other_department_user, head):
    home = client_for(other_department_user).get(reverse("wagtailadmin_home")).text
    assert url("call", "index") not in home and reverse("grants_figures") not in home
    home = client_for(head).get(reverse("wagtailadmin_home")).text
    assert url("call", "index") in home and reverse("grants_figures") in home


# --- validation: a clear message, nothing saved ------------------------------------------


def _errors(response):
    return response.context["form"].errors


def test_a_call_with_a_past_deadline_is_refused_on_create(client_for, specialist):
    source = make_source()
    response = client_for(specialist).post(
        url("call", "create"), call_post(source, timezone.now() - timedelta(hours=1))
    )
    assert response.status_code == 200
    with translation.override("lt"):
        expected = _(
            "The deadline has already passed: enter a future date and time (Europe/Vilnius)."
        )
    assert _errors(response)["deadline"] == [expected]
    assert not Call.objects.exists()


def test_an_existing_call_whose_deadline_passed_can_still_be_corrected(client_for, specialist):
    call = make_call(responsible=specialist)
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(days=2))
    call.refresh_from_db()
    response = client_for(specialist).post(
        url("call", "edit", call.pk),
        call_post(call.source, call.deadline, name="Ištaisytas pavadinimas"),
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.name == "Ištaisytas pavadinimas"


@pytest.mark.parametrize(
    "field, value",
    [
        ("min_own_share", "101"),
        ("min_own_share", "-1"),
        ("max_amount", "0"),
        ("max_amount", "-5"),
        ("max_amount", "10000000.01"),
        ("max_amount", "abc"),
    ],
)
def test_bad_call_amounts_are_refused(field, value, client_for, specialist):
    source = make_source()
    deadline = timezone.now() + timedelta(days=10)
    response = client_for(specialist).post(
        url("call", "create"), call_post(source, deadline, **{field: value})
    )
    assert response.status_code == 200
    assert field in _errors(response)
    assert not Call.objects.exists()


def test_typical_amounts_must_be_in_order(client_for, specialist):
    response = client_for(specialist).post(
        url("fundingsource", "create"),
        {**SOURCE_POST, "typical_amount_min": "9000", "typical_amount_max": "100"},
    )
    assert response.status_code == 200
    assert "typical_amount_max" in _errors(response)
    assert not FundingSource.objects.exists()


def test_the_deadline_is_entered_and_shown_in_vilnius_time(client_for, specialist):
    source = make_source()
    client = client_for(specialist)
    deadline = timezone.localtime(timezone.now() + timedelta(days=40)).replace(
        hour=23, minute=59, second=0, microsecond=0
    )
    client.post(url("call", "create"), call_post(source, deadline, name="Vidurnaktis"))
    call = Call.objects.get(name="Vidurnaktis")
    assert call.deadline == deadline
    assert timezone.localtime(call.deadline).hour == 23
    listing = client.get(url("call", "index")).text
    assert deadline.strftime("%Y-%m-%d 23:59") in listing


# --- listing, filters, search, export --------------------------------------------------------


def test_calls_list_open_ones_by_deadline_unless_asked(client_for, specialist):
    source = make_source()
    later = make_call(source=source, name="Vėlesnis kvietimas", days=40)
    sooner = make_call(source=source, name="Artimesnis kvietimas", days=5)
    past = make_call(source=source, name="Praėjęs kvietimas", days=5)
    Call.objects.filter(pk=past.pk).update(deadline=timezone.now() - timedelta(days=1))
    client = client_for(specialist)

    html = client.get(url("call", "index")).text
    assert sooner.name in html and later.name in html and past.name not in html
    assert html.index(sooner.name) < html.index(later.name)
    html = client.get(url("call", "index") + "?deadline=past").text
    assert past.name in html and sooner.name not in html
    html = client.get(url("call", "index") + "?deadline=all").text
    assert all(call.name in html for call in (past, sooner, later))


def test_sources_filter_by_kind_active_and_tag_and_search(client_for, specialist):
    council = make_source(funder="Lietuvos kultūros taryba", programme="Bibliotekų programos")
    council.tags.add("skaitymas")
    council.save()
    make_source(funder="Erasmus+", kind=FundingSource.Kind.EU, programme="KA1")
    make_source(funder="Senas fondas", kind=FundingSource.Kind.FOUNDATION, active=False)
    client = client_for(specialist)
    index = url("fundingsource", "index")

    def funders(query):
        html = client.get(index + query).text
        return {
            name
            for name in ("Lietuvos kultūros taryba", "Erasmus+", "Senas fondas")
            if name in html
        }

    assert funders("?kind=eu") == {"Erasmus+"}
    assert funders("?active__exact=0") == {"Senas fondas"}
    assert funders("?tag=skaitymas") == {"Lietuvos kultūros taryba"}
    assert funders("?q=Bibliotek") == {"Lietuvos kultūros taryba"}


def test_sources_and_calls_export_to_xlsx(client_for, head):
    source = make_source(funder="Lietuvos kultūros taryba", typical_amount_max=Decimal("25000"))
    make_call(source=source, name="Bibliotekų programos 2027", responsible=head)
    client = client_for(head)
    for model, expected in (
        ("fundingsource", "Lietuvos kultūros taryba"),
        ("call", "Bibliotekų programos 2027"),
    ):
        response = client.get(url(model, "index") + "?export=xlsx")
        assert response.status_code == 200
        sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
        values = [cell.value for row in sheet.iter_rows() for cell in row]
        assert expected in values


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize("model", ["fundingsource", "call", "supportagreement"])
def test_listing_query_budget(rows, model, client_for, head, django_assert_max_num_queries):
    for number in range(rows):
        source = make_source(funder=f"Fondas {number}")
        source.tags.add(f"žyma {number}")
        source.save()
        make_call(source=source, name=f"Kvietimas {number}", responsible=head)
        SupportAgreement.objects.create(source=source, number=f"PS-{number}")
    client = client_for(head)
    client.get(url(model, "index"))  # warm the session and permission caches
    # The same at 1 and 30 rows; the menus' rights and the queue's count are in it.
    with django_assert_max_num_queries(26):
        response = client.get(url(model, "index"))
    assert response.status_code == 200


def test_an_agreement_cannot_end_before_it_was_signed(client_for, specialist):
    source = make_source(funder="UAB „Knygų namai“", kind=FundingSource.Kind.COMPANY)
    response = client_for(specialist).post(
        url("supportagreement", "create"),
        {
            "source": str(source.pk),
            "number": "PS-1",
            "signed_on": "2026-05-01",
            "valid_until": "2026-04-01",
            "amount": "500",
            "in_kind": "",
            "acknowledgement": "",
        },
    )
    assert response.status_code == 200
    assert "valid_until" in _errors(response)
    assert not SupportAgreement.objects.exists()
