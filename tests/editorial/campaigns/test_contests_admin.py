"""Contests in the admin: the role matrix (refused actions change nothing), the
register's filters and query budget, the draw page."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cms import roles
from cms.factories import AbsenceFactory
from editorial.campaigns.contests_permissions import can_run_draw
from editorial.campaigns.models import PromotionDraw, PromotionEntry
from tests.editorial.campaigns.contests_helpers import add_entries, make_promotion

pytestmark = pytest.mark.django_db

S, H, A, OD = roles.SPECIALISTS, roles.HEADS, roles.ADMINISTRATION, roles.OTHER_DEPARTMENTS
REGISTER = "campaigns_promotionentry_modeladmin_index"


@pytest.fixture
def closed(home_page, specialist):
    now = timezone.now()
    page = make_promotion(
        home_page, owner=specialist, opens=now - timedelta(days=9), closes=now - timedelta(hours=2)
    )
    add_entries(page, 5)
    return page


def snapshot():
    return (
        list(PromotionDraw.objects.values_list("pk", "winner_ids")),
        list(PromotionEntry.objects.order_by("pk").values_list("pk", "name", "notified_at")),
    )


@pytest.mark.parametrize(
    "who, sees, runs, exports",
    [
        (S, True, False, False),
        (H, True, True, True),
        (A, False, False, False),
        (OD, False, False, False),
        ("other head", True, False, False),  # a head of another department
        ("anonymous", False, False, False),
    ],
)
def test_role_matrix_and_refusals_change_nothing(
    who, sees, runs, exports, closed, role_users, second_head, client_for, assert_denied
):
    user = second_head if who == "other head" else role_users[who]
    client = client_for(user)
    anonymous = user is None
    draw_url = reverse("campaigns_promotion_draw", args=[closed.pk])
    export_url = reverse("campaigns_promotion_export", args=[closed.pk])

    for url in (reverse(REGISTER), draw_url):
        response = client.get(url)
        if sees:
            assert response.status_code == 200, url
        else:
            assert_denied(response, anonymous=anonymous)

    response = client.get(export_url)
    if exports:
        assert response.status_code == 200
        assert load_workbook(io.BytesIO(response.content)).active.max_row == 6
    else:
        assert_denied(response, anonymous=anonymous)

    before = snapshot()
    mail.outbox.clear()
    response = client.post(draw_url, {"action": "run"})
    if runs:
        record = PromotionDraw.objects.get(promotion=closed)
        assert len(record.winner_ids) == 1
        page = client.get(draw_url).content.decode()
        winner = PromotionEntry.objects.get(pk=record.winner_ids[0])
        assert winner.name in page and record.seed in page and record.entries_hash in page
    else:
        if anonymous:
            assert_denied(response, anonymous=True)
        assert snapshot() == before
        assert not PromotionDraw.objects.exists()
        # Nor may they (re)send the winners' e-mails of a draw the head made.
        from editorial.campaigns.contests_services import run_draw

        run_draw(_head_of(closed), closed)
        before = snapshot()
        client.post(draw_url, {"action": "notify"})
        assert snapshot() == before and not mail.outbox


def _head_of(promotion):
    from editorial.campaigns.contests_permissions import promotion_department

    return promotion_department(promotion).head


def test_a_deputy_runs_the_draw_on_behalf_of_the_absent_head(closed, head, second_specialist):
    second_specialist.groups.add(Group.objects.get(name=H))
    assert not can_run_draw(second_specialist, closed)
    AbsenceFactory(
        person=head,
        deputy=second_specialist,
        starts_on=timezone.localdate() - timedelta(days=1),
        ends_on=timezone.localdate() + timedelta(days=1),
    )
    decision = can_run_draw(second_specialist, closed)
    assert decision and decision.on_behalf_of == head
    from editorial.campaigns.contests_services import run_draw

    record = run_draw(second_specialist, closed)
    assert record.on_behalf_of == head.get_full_name()


def test_the_draw_page_refuses_an_empty_draw_with_a_message(
    home_page, specialist, head, client_for
):
    now = timezone.now()
    page = make_promotion(
        home_page, owner=specialist, opens=now - timedelta(days=9), closes=now - timedelta(hours=2)
    )
    response = client_for(head).post(
        reverse("campaigns_promotion_draw", args=[page.pk]), {"action": "run"}, follow=True
    )
    assert "Nėra tinkamų dalyvių anketų" in response.content.decode()
    assert not PromotionDraw.objects.exists()


def test_the_register_filters_by_promotion_and_erased_state(
    home_page, specialist, head, client_for
):
    first = make_promotion(home_page, owner=specialist, title="Pirmoji akcija")
    second = make_promotion(home_page, owner=specialist, title="Antroji akcija")
    add_entries(first, 2)
    PromotionEntry.objects.create(
        promotion=second, name="Kita Dalyvė", email="kita@example.lt", email_key="kita@example.lt",
        answer="x", consent_rules=True, consent_processing=True,
    )  # fmt: skip
    client = client_for(head)
    body = client.get(reverse(REGISTER), {"promotion__page_ptr__exact": second.pk}).content.decode()
    assert "Kita Dalyvė" in body and "Dalyvis 0" not in body
    PromotionEntry.objects.filter(promotion=first).update(anonymised_at=timezone.now())
    body = client.get(reverse(REGISTER), {"erased": "no"}).content.decode()
    assert "Kita Dalyvė" in body and "Dalyvis 0" not in body
    # Entries come only from the public form: no add, edit or delete here.
    entry = PromotionEntry.objects.filter(promotion=second).get()
    for name, args in (
        ("campaigns_promotionentry_modeladmin_create", []),
        ("campaigns_promotionentry_modeladmin_edit", [entry.pk]),
        ("campaigns_promotionentry_modeladmin_delete", [entry.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code in (302, 403)
    assert PromotionEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("rows", [1, 30])
def test_register_and_draw_page_query_budget(
    rows, home_page, specialist, head, client_for, django_assert_max_num_queries
):
    now = timezone.now()
    page = make_promotion(
        home_page, owner=specialist, opens=now - timedelta(days=9), closes=now - timedelta(hours=2),
        winners_count=min(rows, 3), reserves_count=min(rows, 3),
    )  # fmt: skip
    add_entries(page, rows)
    from editorial.campaigns.contests_services import run_draw

    run_draw(head, page)
    client = client_for(head)
    client.get(reverse(REGISTER))  # warm the session and caches
    # ... plus one: the reader's library, whose promotions alone are listed
    with django_assert_max_num_queries(26):
        response = client.get(reverse(REGISTER))
    assert response.status_code == 200
    assert response.content.decode().count("Dalyvis ") >= rows
    # The draw page asks twice (run the draw, export) who acts for the department, as
    # moderation counts it (approval tasks, their groups, absences): 3 queries each; and
    # the reader's library, outside which a promotion is not found.
    with django_assert_max_num_queries(34):
        response = client.get(reverse("campaigns_promotion_draw", args=[page.pk]))
    assert response.status_code == 200


def editor_post(**fields):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    values = {
        "title": "Dovanų žaidimas: atspėk knygą",
        "slug": "atspek-knyga",
        "intro": rich_text("<p>Atspėkite knygą.</p>"),
        "opens_at": "2026-12-01 10:00",
        "closes_at": "2026-12-20 18:00",
        "question": "Kuri tai knyga?",
        "prizes": inline_formset([{"name": "Knygų rinkinys", "count": "2"}]),
        "winners_count": "2",
        "reserves_count": "1",
        "rules": rich_text("<p>Vienas asmuo – viena anketa.</p>"),
        "rules_document": "",
        "comments": inline_formset([]),
    }
    values.update(fields)
    return nested_form_data(values)


def test_the_specialist_creates_a_promotion_and_a_bad_period_is_refused(
    home_page, specialist, client_for
):
    from editorial.campaigns.models import PromotionPage, PromotionPrize
    from tests.editorial.campaigns.contests_helpers import campaign_index

    index = campaign_index(home_page)
    url = reverse("wagtailadmin_pages:add", args=("campaigns", "promotionpage", index.pk))
    client = client_for(specialist)
    assert client.get(url).status_code == 200
    response = client.post(url, editor_post(closes_at="2026-11-30 10:00"))
    assert response.status_code == 200
    assert "Dalyvavimo pabaiga turi būti vėlesnė nei pradžia." in response.content.decode()
    assert not PromotionPage.objects.exists()
    response = client.post(url, editor_post())
    assert response.status_code == 302
    page = PromotionPage.objects.get()
    assert timezone.localtime(page.opens_at).strftime("%Y-%m-%d %H:%M %Z") == (
        "2026-12-01 10:00 EET"
    )
    assert list(PromotionPrize.objects.values_list("name", "count")) == [("Knygų rinkinys", 2)]
    assert not page.live  # the specialist's draft goes through moderation


def test_the_promotion_page_offers_its_draw_page(home_page, specialist, head, client_for):
    page = make_promotion(home_page, owner=specialist)
    draw_url = reverse("campaigns_promotion_draw", args=[page.pk])
    edit = client_for(head).get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert draw_url in edit.content.decode()
    listing = client_for(specialist).get(
        reverse("wagtailadmin_explore", args=[page.get_parent().pk])
    )
    assert listing.status_code == 200
    other = client_for(head).get(reverse("wagtailadmin_pages:edit", args=[home_page.pk]))
    assert "/admin/contests/" not in other.content.decode()
