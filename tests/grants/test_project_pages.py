"""Public project pages: made from an awarded application, showing only public fields,
listed with filters, with share cards, in Lithuanian and English."""

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page, PageLogEntry

from cms import roles
from editorial.social.factories import ImageFactory, jpeg_file
from grants import projects_factories as make
from grants.models import GrantApplicationPage, ProjectPage
from grants.projects_services import create_project_page

pytestmark = pytest.mark.django_db

S, H, A, OD = roles.SPECIALISTS, roles.HEADS, roles.ADMINISTRATION, roles.OTHER_DEPARTMENTS
CREATE = "grants_create_project_page"
SECRETS = (
    "6543",  # amount awarded
    "777.77",  # a budget line's unit cost
    "Slapta sąmatos eilutė",
    "Vidinis komentaras apie sprendimą",
    "Vidinė veikla",
    "Slaptas rėmėjas",  # a partner not marked public
)


def lt(text):
    with translation.override("lt"):
        return translation.gettext(text)


@pytest.fixture
def index(home_page):
    return make.project_index(home_page)


@pytest.fixture
def awarded(home_page):
    logo = ImageFactory(title="LKT logotipas")
    source = make.funding_source(
        acknowledgement="Projektą finansuoja Lietuvos kultūros taryba", logo=logo
    )
    return make.application(call=make.call_of(source))


def public_html(client, page):
    client.logout()
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


# --- the service -----------------------------------------------------------------------------


def test_an_awarded_application_becomes_a_draft_with_only_public_fields(specialist, index, awarded):
    result = create_project_page(specialist, awarded)
    assert result, result.decision.reason
    page = result.page
    assert not page.live and page.get_parent().pk == index.pk
    assert page.application_id == awarded.pk and page.owner == specialist
    assert page.title == awarded.title and page.summary == awarded.summary
    assert page.goals == (
        "<p>Paskatinti vaikus skaityti.</p><p>Įtraukti šeimas &lt;ir&gt; mokyklas.</p>"
    )
    assert (page.period_start, page.period_end) == (date(2027, 6, 1), date(2027, 9, 30))
    assert [p.name for p in page.partners.all()] == ["Rajono biblioteka"]
    (funder,) = page.funders.all()
    assert funder.name == "Lietuvos kultūros taryba"
    assert funder.acknowledgement == "Projektą finansuoja Lietuvos kultūros taryba"
    assert funder.logo.title == "LKT logotipas"
    assert page.latest_revision is not None
    assert PageLogEntry.objects.filter(page=awarded, action="sklaida.grants.project_page_created")


@pytest.mark.parametrize("status", ["contract", "implementation", "reporting", "closed", "awarded"])
def test_later_states_may_have_a_page_too(status, specialist, index):
    assert create_project_page(specialist, make.application(status=status))


@pytest.mark.parametrize(
    "status", ["idea", "drafting", "internal_approval", "submitted", "under_evaluation",
               "rejected", "withdrawn"],
)  # fmt: skip
def test_a_page_for_an_application_not_awarded_is_refused_in_lithuanian(status, specialist, index):
    application = make.application(status=status)
    before = ProjectPage.objects.count()
    result = create_project_page(specialist, application)
    assert not result and result.page is None
    with translation.override("lt"):
        reason = str(result.decision.reason)
    assert reason.startswith("Projekto puslapį galima sukurti tik iš")
    assert ProjectPage.objects.count() == before


def test_a_second_page_is_refused(specialist, index, awarded):
    assert create_project_page(specialist, awarded)
    result = create_project_page(specialist, awarded)
    assert not result
    with translation.override("lt"):
        assert str(result.decision.reason) == "Ši paraiška jau turi projekto puslapį."
    assert ProjectPage.objects.count() == 1


@pytest.mark.parametrize(("role", "may"), [(S, True), (H, True), (A, False), (OD, False)])
def test_the_admin_action_asks_on_the_server(role, may, role_users, client_for, index, awarded):
    response = client_for(role_users[role]).post(reverse(CREATE, args=[awarded.pk]))
    page = ProjectPage.objects.first()
    if may:
        assert page is not None
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    else:
        assert page is None
        assert response.status_code in (302, 403)


def test_the_admin_action_refuses_get_and_a_rejected_application(specialist, client_for, index):
    rejected = make.application(status=GrantApplicationPage.Status.REJECTED)
    client = client_for(specialist)
    assert client.get(reverse(CREATE, args=[rejected.pk])).status_code == 405
    response = client.post(reverse(CREATE, args=[rejected.pk]), follow=True)
    assert "Projekto puslapį galima sukurti tik iš" in unescape(response.content.decode())
    assert not ProjectPage.objects.exists()


def test_the_button_is_on_an_awarded_applications_header_only(specialist, client_for, index):
    awarded = make.application()
    drafting = make.application(title="Kita paraiška", status="drafting")
    client = client_for(specialist)
    url = reverse(CREATE, args=[awarded.pk])
    assert url in client.get(reverse("wagtailadmin_pages:edit", args=[awarded.pk])).content.decode()
    other = client.get(reverse("wagtailadmin_pages:edit", args=[drafting.pk])).content.decode()
    assert reverse(CREATE, args=[drafting.pk]) not in other
    create_project_page(specialist, awarded)
    assert (
        url
        not in client.get(reverse("wagtailadmin_pages:edit", args=[awarded.pk])).content.decode()
    )


# --- the public page -----------------------------------------------------------------------


@pytest.fixture
def published(specialist, head, index, awarded):
    page = create_project_page(specialist, awarded).page
    page.image = ImageFactory(title="Vaikai skaito", file=jpeg_file(size=(1600, 1000)))
    page.save_revision(user=head).publish(user=head)
    return ProjectPage.objects.get(pk=page.pk)


def test_the_public_page_shows_only_public_fields(client, published):
    body = public_html(client, published)
    assert "Skaitymo iššūkis vaikams" in body
    assert "Rajono biblioteka" in body
    assert "Paskatinti vaikus skaityti." in body
    for secret in SECRETS:
        assert secret not in body, secret
    assert 'style="' not in body and "<script" not in body


def test_the_funder_wording_and_logo_are_shown_prominently(client, published):
    body = public_html(client, published)
    section = re.search(r'<section class="project-funders".*?</section>', body, re.S).group(0)
    assert '<p class="acknowledgement">Projektą finansuoja Lietuvos kultūros taryba</p>' in section
    assert 'alt="Lietuvos kultūros taryba"' in section and "<img" in section
    # Right after the summary, before the goals.
    assert body.index("project-funders") < body.index('id="goals-heading"')


def test_share_cards(client, published, settings):
    body = public_html(client, published)
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', body))
    assert meta["og:title"] == "Skaitymo iššūkis vaikams"
    assert meta["og:description"].startswith("Vasaros skaitymo iššūkis")
    assert meta["og:url"] == published.full_url
    assert meta["og:locale"] == "lt_LT"
    assert meta["og:type"] == "article"
    assert re.match(r"^https?://[^/]+/.+fill-1200x630.*\.(jpg|png)$", meta["og:image"])
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == meta["og:image"]


def test_an_unpublished_or_private_draft_is_not_public(client, specialist, index, awarded):
    page = create_project_page(specialist, awarded).page
    assert client.get(page.url or f"/{index.slug}/{page.slug}/").status_code == 404
    assert page.title not in client.get(index.url).content.decode()


def test_publishing_purges_the_page_cache(client, head, published, index):
    assert published.title in client.get(index.url).content.decode()
    cached = client.get(published.url)
    assert cached.status_code == 200
    published.title = "Vasaros skaitymo iššūkis"
    published.save_revision(user=head).publish(user=head)
    assert "Vasaros skaitymo iššūkis" in client.get(published.url).content.decode()
    assert "Vasaros skaitymo iššūkis" in client.get(index.url).content.decode()
    published.unpublish(user=head)
    assert client.get(published.url).status_code == 404


def test_english_translation_says_it_in_english(client, home_page, published, index):
    en = Locale.objects.get_or_create(language_code="en")[0]
    en_home = home_page.copy_for_translation(en)
    en_home.save_revision().publish()
    en_index = index.copy_for_translation(en)
    en_index.title = "Projects"
    en_index.save_revision().publish()
    translated = published.copy_for_translation(en)
    translated.title = "Reading challenge for children"
    translated.save_revision().publish()
    translated = ProjectPage.objects.get(pk=translated.pk)
    body = public_html(client, translated)
    assert '<html lang="en">' in body
    assert 'property="og:locale" content="en_GB"' in body
    assert 'property="og:locale:alternate" content="lt_LT"' in body
    assert "Funding" in body and "Goals" in body
    lt_body = public_html(client, published)
    assert 'property="og:locale:alternate" content="en_GB"' in lt_body
    assert "Finansavimas" in lt_body and "Tikslai" in lt_body
    assert (
        "Reading challenge for children"
        in client.get(Page.objects.get(pk=en_index.pk).url).content.decode()
    )


# --- the listing -----------------------------------------------------------------------------


@pytest.fixture
def listed(index):
    return {
        "old": make.project_page(
            index,
            "Senųjų knygų skaitmeninimas",
            status="completed",
            period_start=date(2024, 3, 1),
            period_end=date(2025, 2, 28),
            funders=["Kauno miesto savivaldybė"],
        ),
        "now": make.project_page(
            index,
            "Skaitymo iššūkis",
            status="ongoing",
            period_start=date(2026, 6, 1),
            period_end=date(2026, 9, 30),
            funders=["Lietuvos kultūros taryba"],
        ),
        "next": make.project_page(
            index,
            "Erasmus+ mainai",
            status="planned",
            period_start=date(2027, 1, 1),
            period_end=None,
            funders=["Erasmus+", "Lietuvos kultūros taryba"],
        ),
        "draft": make.project_page(index, "Neskelbtas projektas", live=False),
    }


def titles(client, index, query=""):
    body = client.get(index.url + query).content.decode()
    return set(re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', body)), body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"old", "now", "next"}),
        ("?status=completed", {"old"}),
        ("?status=planned", {"next"}),
        ("?year=2024", {"old"}),
        ("?year=2025", {"old"}),
        ("?year=2026", {"now"}),
        ("?year=2027", {"next"}),
        ("?funder=Lietuvos+kult%C5%ABros+taryba", {"now", "next"}),
        ("?funder=Lietuvos+kult%C5%ABros+taryba&year=2027", {"next"}),
        ("?status=ongoing&funder=Erasmus%2B", set()),
    ],
)
def test_listing_filters(query, expected, client, index, listed):
    found, _body = titles(client, index, query)
    assert found == {listed[key].title for key in expected}


def test_bad_filter_values_get_a_clear_message_and_all_projects(client, index, listed):
    with translation.override("lt"):
        found, body = titles(client, index, "?status=hacked&year=abc")
    assert found == {listed[k].title for k in ("old", "now", "next")}
    assert 'role="alert"' in body
    assert "Tokio pasirinkimo nėra" in body


def test_the_filter_form_is_labelled_and_keeps_the_choice(client, index, listed):
    _found, body = titles(client, index, "?year=2026")
    for name in ("status", "year", "funder"):
        assert f'<label for="id_{name}">' in body
        assert f'id="id_{name}"' in body
    assert '<option value="2026" selected>' in body
    assert set(re.findall(r'<option value="(\d{4})"', body)) == {"2024", "2025", "2026", "2027"}


def test_the_listing_is_paginated(client, index):
    for number in range(14):
        make.project_page(index, f"Projektas nr. {number:02d}", period_start=date(2026, 1, 1))
    first, body = titles(client, index)
    assert len(first) == 12
    assert "?page=2" in body
    second, _body = titles(client, index, "?page=2")
    assert len(second) == 2 and not first & second
    same, _body = titles(client, index, "?page=999")
    assert same == second


@pytest.mark.parametrize("rows", [1, 30])
def test_the_listing_costs_the_same_at_1_and_30_rows(
    rows, client, index, django_assert_max_num_queries
):
    image = ImageFactory(title="Plakatas")
    for number in range(rows):
        make.project_page(
            index,
            f"Projektas {number}",
            period_start=date(2026, 1, 1),
            image=image,
            funders=["Lietuvos kultūros taryba", "Erasmus+"],
        )
    client.get(index.url + "?year=2026")  # renditions made once
    # 23: the brand kit and the contacts are two site settings (docs/decisions/brand-kit.md).
    with django_assert_max_num_queries(23):
        response = client.get(index.url + "?year=2026&funder=Erasmus%2B")
    assert response.status_code == 200


def test_the_index_has_share_cards_too(client, index, listed):
    _found, body = titles(client, index)
    assert 'property="og:title" content="Projektai"' in body
    assert 'property="og:locale" content="lt_LT"' in body
    assert 'name="twitter:card" content="summary"' in body


def test_lithuanian_labels(client, index, listed):
    with translation.override("lt"):
        _found, body = titles(client, index)
    assert lt("Filter projects") in body
    assert "Filtruoti projektus" in body


def test_previews_of_a_new_and_of_a_draft_page_render(rf, specialist, index, awarded):
    draft = create_project_page(specialist, awarded).page
    fresh = ProjectPage(title="Naujas projektas", slug="naujas-projektas", summary="Santrauka")
    fresh.set_url_path(index)
    for page in (draft, fresh):
        request = rf.get("/")
        request.user = specialist
        response = page.make_preview_request(request, page.default_preview_mode)
        assert response.status_code == 200
        assert page.title in response.content.decode()
