"""`manage.py load_demo`: a demo library in Lithuanian and English, one user per role."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision, Site
from wagtail.users.models import UserProfile

from cms import roles
from cms.models import Department, StaffProfile
from editorial.campaigns.models import BrandKit, ChecklistRule
from editorial.moderation.models import Assignment, Proposal
from editorial.social.demo import CALENDAR_POSTS, DRAFT_TITLE, MY_WORK_EXAMPLES
from editorial.social.models import Channel, PostImage, SocialPost
from home.models import BrandSettings, HomePage, StandardPage
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

User = get_user_model()

ROLE_OF = {
    "specialistas": roles.SPECIALISTS,
    "vadovas": roles.HEADS,
    "administracija": roles.ADMINISTRATION,
    "kitas-skyrius": roles.OTHER_DEPARTMENTS,
}


def load_demo(**options):
    out = io.StringIO()
    call_command("load_demo", force=True, stdout=out, **options)
    return out.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "live pages": Page.objects.live().count(),
        "users": User.objects.count(),
        "profiles": StaffProfile.objects.count(),
        "user profiles": UserProfile.objects.count(),
        "locales": Locale.objects.count(),
        "departments": Department.objects.count(),
        "sites": Site.objects.count(),
        "brand settings": BrandSettings.objects.count(),
        "brand kits": BrandKit.objects.count(),
        "checklist rules": ChecklistRule.objects.count(),
        "memberships": User.groups.through.objects.count(),
        "channels": Channel.objects.count(),
        "social posts": SocialPost.objects.count(),
        "revisions": Revision.objects.count(),
        "proposals": Proposal.objects.count(),
        "assignments": Assignment.objects.count(),
    }


def test_builds_a_lithuanian_site_with_an_english_translation():
    load_demo()

    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert home.title == "Apskrities viešoji biblioteka"
    assert home.locale.language_code == "lt"
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()

    menu = [page.title for page in home.get_children().live().in_menu()]
    assert {"Apie mus", "Renginiai", "Kontaktai"} <= set(menu)

    en_home = home.get_translation(Locale.objects.get(language_code="en"))
    assert en_home.live and en_home.title == "County Public Library"
    en_titles = {page.title for page in en_home.get_children().live().in_menu()}
    assert {"About us", "Events", "Contacts"} <= en_titles
    standard_in_menu = home.get_children().live().in_menu().type(StandardPage).count()
    assert StandardPage.objects.filter(locale__language_code="en").count() == standard_in_menu

    assert BrandKit.for_site(site).library_name == "Apskrities viešoji biblioteka"
    contacts = BrandSettings.for_site(site)
    assert contacts.contact_email and contacts.facebook_url


def test_demo_site_is_served_in_both_languages():
    load_demo()
    client = Client()

    lt = client.get("/")
    assert lt.status_code == 200
    assert '<html lang="lt">' in lt.text
    assert "Apskrities viešoji biblioteka" in lt.text
    assert client.get("/apie-mus/").status_code == 200

    en = client.get("/en/")
    assert en.status_code == 200
    assert '<html lang="en">' in en.text
    assert "County Public Library" in en.text
    assert client.get("/en/about-us/").status_code == 200


def test_one_user_per_role_in_the_right_group_with_a_profile():
    output = load_demo()

    for username, role in ROLE_OF.items():
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.staff_profile.position
        assert user.get_full_name()
        assert UserProfile.get_for_user(user).preferred_language == "lt"
        assert user.check_password(f"demo-{username}-2026")
        assert f"{username} / demo-{username}-2026" in output

    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("demo-admin-2026")

    communication = Department.objects.get(name="Komunikacijos skyrius")
    assert communication.head.username == "vadovas"
    assert communication.site == Site.objects.get(is_default_site=True)
    assert User.objects.get(username="specialistas").staff_profile.department == communication
    specialist = User.objects.get(username="specialistas").staff_profile
    assert specialist.position == "Komunikacijos specialistė"


def test_specialist_can_sign_in_to_the_lithuanian_admin():
    load_demo()
    client = Client()

    response = client.post(
        "/admin/login/",
        {"username": "specialistas", "password": "demo-specialistas-2026"},
        follow=True,
    )

    assert response.status_code == 200
    assert response.context["user"].username == "specialistas"
    assert "Puslapiai" in response.text


def test_running_twice_changes_nothing():
    load_demo()
    first = counts()
    passwords = dict(User.objects.values_list("username", "password"))

    output = load_demo()

    assert counts() == first
    assert dict(User.objects.values_list("username", "password")) == passwords
    # Existing accounts are listed, but without a password they no longer have.
    assert "specialistas / " in output
    assert "demo-specialistas-2026" not in output


def test_keeps_existing_content_and_adds_nothing_twice():
    # A site that already has its own home page, a page with a demo slug, a brand
    # name and an administrator with a real password.
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Mūsų biblioteka", slug="musu-biblioteka"))
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    home.add_child(instance=StandardPage(title="Apie biblioteką", slug="apie-mus"))
    BrandKit.objects.create(site=site, library_name="Mūsų biblioteka")
    User.objects.create_superuser("admin", "admin@example.org", "tikras-slaptazodis")

    load_demo()
    load_demo()

    site.refresh_from_db()
    assert site.root_page_id == home.pk
    assert HomePage.objects.filter(locale__language_code="lt").count() == 1
    assert home.get_children().filter(slug="apie-mus").get().title == "Apie biblioteką"
    assert BrandKit.for_site(site).library_name == "Mūsų biblioteka"
    assert User.objects.get(username="admin").check_password("tikras-slaptazodis")
    assert Group.objects.get(name=roles.SPECIALISTS).user_set.filter(username="specialistas")


@override_settings(DEBUG=False)
def test_refuses_without_force_when_debug_is_off():
    with pytest.raises(CommandError):
        call_command("load_demo")

    assert not User.objects.filter(username="specialistas").exists()
    assert not HomePage.objects.exists()


@override_settings(DEBUG=True)
def test_runs_without_force_in_development():
    call_command("load_demo", stdout=io.StringIO())

    assert User.objects.filter(username="specialistas").exists()


def test_demo_lets_a_new_user_try_social_publishing_offline():
    load_demo()
    manual = Channel.objects.get(name="Bibliotekos TikTok")
    assert manual.is_manual and manual.active and not manual.has_credentials
    # API channels wait for the specialist to connect them.
    assert not Channel.objects.get(name="Bibliotekos Facebook").active
    draft = SocialPost.objects.get(title=DRAFT_TITLE)
    assert not draft.live
    assert draft.author.username == "specialistas"
    assert list(draft.channels.all()) == [manual]


# ------------------------------------------------------------------ the demo passes its own rules


def signed_in(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def test_the_demo_draft_can_be_submitted_as_shipped():
    load_demo()
    draft = SocialPost.objects.get(title=DRAFT_TITLE)
    client = signed_in("specialistas")
    edit_url = reverse("wagtailsnippets_social_socialpost:edit", args=[draft.pk])

    data = form_data(client.get(edit_url).text)
    data["action-submit"] = "1"
    response = client.post(edit_url, data)

    errors = response.context["form"].errors if response.status_code == 200 else None
    assert response.status_code == 302, errors
    draft.refresh_from_db()
    assert draft.workflow_in_progress
    image = draft.images.get()
    assert image.alt_text == image.image.description
    assert "knyg" in image.alt_text.lower()  # described in Lithuanian


def demo_edit_urls():
    """Every demo object with an admin edit form, and that form's URL."""
    # Pages are left out: their StreamFields are built by the browser's JavaScript, so
    # the form cannot be read from the HTML; model validation below covers them.
    urls = []
    urls += [
        reverse("cms_department_modeladmin_edit", args=[obj.pk]) for obj in Department.objects.all()
    ]
    urls += [
        reverse("cms_staffprofile_modeladmin_edit", args=[obj.pk])
        for obj in StaffProfile.objects.all()
    ]
    urls += [
        reverse("social_channel_modeladmin_edit", args=[obj.pk]) for obj in Channel.objects.all()
    ]
    # A post under review or scheduled is locked by Wagtail (a workflow or a
    # scheduled-publish lock): nobody saves it through the form until that ends.
    admin = User.objects.get(username="admin")
    urls += [
        reverse("wagtailsnippets_social_socialpost:edit", args=[obj.pk])
        for obj in SocialPost.objects.all()
        if not (obj.get_lock() and obj.get_lock().for_user(admin))
    ]
    # A proposal awaiting review is locked for everyone but its moderators (the rule
    # under test elsewhere); the others are saved here.
    urls += [
        reverse("wagtailsnippets_moderation_proposal:edit", args=[obj.pk])
        for obj in Proposal.objects.all()
        if not obj.workflow_in_progress
    ]
    urls += [
        reverse("moderation_assignment_modeladmin_edit", args=[obj.pk])
        for obj in Assignment.objects.all()
    ]
    urls += [
        reverse("wagtailimages:edit", args=[obj.pk]) for obj in get_image_model().objects.all()
    ]
    site = Site.objects.get(is_default_site=True)
    urls.append(reverse("wagtailsettings:edit", args=["home", "brandsettings", site.pk]))
    return urls


def test_every_demo_object_saves_unchanged_through_its_admin_form():
    load_demo()
    client = signed_in("admin")

    urls = demo_edit_urls()
    refused = {}
    for url in urls:
        response = client.post(url, form_data(client.get(url).text))
        if response.status_code != 302:
            context = response.context or {}
            form = context.get("form")
            refused[url] = (response.status_code, form.errors if form else None)
    assert refused == {}


def test_every_demo_object_passes_its_model_validation():
    load_demo()
    objects = [page.specific for page in Page.objects.filter(depth__gt=1)]
    objects += [*Department.objects.all(), *StaffProfile.objects.all(), *Channel.objects.all()]
    objects += [*SocialPost.objects.all(), *get_image_model().objects.all()]
    objects += [*Proposal.objects.all(), *Assignment.objects.all()]
    objects += [*BrandSettings.objects.all(), *User.objects.all()]
    objects += [*BrandKit.objects.all(), *ChecklistRule.objects.all()]

    for obj in objects:
        obj.full_clean()


def test_a_draft_loaded_before_it_had_an_image_gets_one_and_can_be_submitted():
    load_demo()
    # The draft as earlier versions of load_demo left it: no image, one revision.
    draft = SocialPost.objects.get(title=DRAFT_TITLE)
    PostImage.objects.filter(post=draft).delete()
    draft.revisions.all().delete()
    draft = SocialPost.objects.get(title=DRAFT_TITLE)
    draft.save_revision(user=draft.author)

    load_demo()
    load_demo()

    draft = SocialPost.objects.get(title=DRAFT_TITLE)
    assert draft.revisions.count() == 2
    latest = draft.get_latest_revision_as_object()
    assert [image.alt_text for image in latest.images.all()] == [
        latest.images.first().image.description
    ]
    client = signed_in("specialistas")
    edit_url = reverse("wagtailsnippets_social_socialpost:edit", args=[draft.pk])
    data = form_data(client.get(edit_url).text)
    data["action-submit"] = "1"
    assert client.post(edit_url, data).status_code == 302


def test_the_demo_specialist_has_something_in_several_sections_of_my_work():
    load_demo()
    html = signed_in("specialistas").get(reverse("moderation_my_work")).content.decode()

    def section(key):
        start = html.index(f'id="my-work-{key}"')
        return html[start : html.index("</section>", start)]

    by_action = {action: (title, comment) for title, _text, action, comment in MY_WORK_EXAMPLES}
    returned, comment = by_action["reject"]
    assert returned in section("changes_requested")
    assert comment in section("changes_requested")
    assert "Tomas Kazlauskas" in section("changes_requested")
    declined, reason = by_action["decline"]
    assert declined in section("rejected") and reason in section("rejected")
    assert by_action["approve"][0] in section("scheduled")
    assert DRAFT_TITLE in section("drafts")


def test_the_editorial_calendar_shows_demo_posts_planned_this_month():
    load_demo()
    load_demo()  # nothing twice
    # + 1: the post of the demo rubric (editorial/campaigns/demo.py); the demo campaign's
    # posts (editorial/campaigns/demo_campaigns.py)
    from editorial.campaigns.demo_campaigns import POSTS as CAMPAIGN_POSTS

    assert SocialPost.objects.count() == (
        1 + len(CALENDAR_POSTS) + len(MY_WORK_EXAMPLES) + 1 + len(CAMPAIGN_POSTS)
    )
    response = signed_in("specialistas").get(reverse("moderation_calendar"))
    html = response.content.decode()
    for title, *_rest in CALENDAR_POSTS:
        assert title in html
    for state in ("draft", "in_moderation", "scheduled"):
        assert f"sk-cal-state-{state}" in html
    # Only those two are locked for editing (and so left out of the form round trip).
    admin = User.objects.get(username="admin")
    locked = {
        p.title for p in SocialPost.objects.all() if p.get_lock() and p.get_lock().for_user(admin)
    }
    scheduled_for_my_work = {
        title for title, _text, action, _c in MY_WORK_EXAMPLES if action == "approve"
    }
    assert (
        locked
        == {title for title, *_r, state in CALENDAR_POSTS if state != "draft"}
        | scheduled_for_my_work
    )


def test_demo_calendar_days_stay_in_this_month_when_they_can():
    from datetime import date

    from editorial.social.demo import calendar_day

    assert calendar_day(3, today=date(2026, 3, 10)) == date(2026, 3, 13)
    assert calendar_day(5, today=date(2026, 3, 29)) == date(2026, 3, 31)
    assert calendar_day(5, today=date(2026, 3, 31)) == date(2026, 4, 5)


def test_demo_funding_sources_and_open_calls():
    """Funding (grants): sources with a sponsor's agreement and two open calls, one the
    head decided to apply for; each saves unchanged through its admin form."""
    from django.utils import timezone

    from grants.demo import CALLS, SOURCES
    from grants.models import Call, FundingSource, SupportAgreement

    load_demo()
    load_demo()  # nothing twice
    assert FundingSource.objects.count() == len(SOURCES)
    sponsor = SupportAgreement.objects.get(source__kind=FundingSource.Kind.COMPANY)
    assert sponsor.acknowledgement
    calls = Call.objects.filter(name__in=[name for name, *_rest in CALLS]).order_by("deadline")
    assert calls.count() == len(CALLS)
    assert all(call.deadline > timezone.now() for call in calls)
    assert sorted(call.decision for call in calls) == [Call.Decision.GO, Call.Decision.UNDECIDED]
    assert calls.get(decision=Call.Decision.GO).decided_by.username == "vadovas"

    head = signed_in("vadovas")
    listing = head.get(reverse("grants_call_modeladmin_index")).content.decode()
    assert all(name in listing for name, *_rest in CALLS)
    for call in calls:
        edit = reverse("grants_call_modeladmin_edit", args=[call.pk])
        response = head.post(edit, form_data(head.get(edit).content.decode()))
        assert response.status_code == 302, response.context["form"].errors
    for source in FundingSource.objects.all():
        edit = reverse("grants_fundingsource_modeladmin_edit", args=[source.pk])
        response = head.post(edit, form_data(head.get(edit).content.decode()))
        assert response.status_code == 302, response.context["form"].errors
    assert (
        signed_in("kitas-skyrius").get(reverse("grants_call_modeladmin_index")).status_code != 200
    )


# --- grant applications (issue 8) ----------------------------------------------------------


def test_the_demo_grant_applications_are_private_and_pass_their_own_rules():
    from django.utils import timezone
    from wagtail.models import PageViewRestriction

    from grants.budget import Budget, check
    from grants.demo_applications import AWARDED, DRAFT
    from grants.models import GrantApplicationIndexPage, GrantApplicationPage

    load_demo()
    load_demo()  # nothing twice
    index = GrantApplicationIndexPage.objects.get()
    assert index.title == "Paraiškos"
    restriction = PageViewRestriction.objects.get(page=index)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert roles.OTHER_DEPARTMENTS not in set(restriction.groups.values_list("name", flat=True))
    draft = GrantApplicationPage.objects.get(slug=DRAFT["slug"])
    awarded = GrantApplicationPage.objects.get(slug=AWARDED["slug"])
    for spec in (DRAFT, AWARDED):  # once each, however often the demo runs
        assert GrantApplicationPage.objects.filter(slug=spec["slug"]).count() == 1
    assert draft.status == "drafting" and awarded.status == "awarded"
    for page in (draft, awarded):
        assert not check(Budget.of(page.budget_lines.all()), page.call)
    assert awarded.decision_date and awarded.amount_awarded
    assert awarded.amount_awarded <= Budget.of(awarded.budget_lines.all()).requested
    assert awarded.reporting_duties.count() == 2
    assert draft.call.deadline > timezone.now() > awarded.call.deadline
    assert draft.call.source.funder == "Lietuvos kultūros taryba"
    # Hidden from the public and from Other departments; the specialist reads them.
    assert Client().get(awarded.url).status_code == 302
    assert signed_in("kitas-skyrius").get(awarded.url).status_code == 302
    assert signed_in("specialistas").get(awarded.url).status_code == 200
    register = signed_in("specialistas").get(reverse("grants_applications_register"))
    assert DRAFT["title"] in register.content.decode()
    # The drafted one opens in the editor and saves unchanged (its budget passes the form).
    client = signed_in("specialistas")
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert client.post(edit_url, form_data(client.get(edit_url).text)).status_code == 302


def test_the_demo_has_a_published_project_in_two_languages_and_two_project_actions():
    from grants.demo_projects import ACTION_DONE, ACTION_WAITING, APPLICATION_TITLE
    from grants.models import GrantApplicationPage, ProjectAction, ProjectPage

    load_demo()
    load_demo()  # nothing twice
    application = GrantApplicationPage.objects.get(title=APPLICATION_TITLE)
    assert application.status in ("awarded", "contract", "implementation")
    lt_page = ProjectPage.objects.get(locale__language_code="lt", application=application)
    en_page = ProjectPage.objects.get(
        locale__language_code="en", translation_key=lt_page.translation_key
    )
    assert lt_page.live and en_page.live
    anonymous = Client()
    lt_html = anonymous.get(lt_page.url).content.decode()
    en_html = anonymous.get(en_page.url).content.decode()
    assert "Projektą finansuoja Lietuvos kultūros taryba" in lt_html
    assert "Lithuanian Council for Culture" in en_html
    assert 'property="og:locale" content="en_GB"' in en_html
    assert "Spaudos partneris" not in lt_html  # a partner not marked public
    for html in (lt_html, en_html):
        full_clean_body = html.lower()
        assert "sąmat" not in full_clean_body and "vidinė pastaba" not in full_clean_body
    index_html = anonymous.get(lt_page.get_parent().url).content.decode()
    assert lt_page.title in index_html

    done = ProjectAction.objects.get(title=ACTION_DONE["title"])
    waiting = ProjectAction.objects.get(title=ACTION_WAITING["title"])
    assert done.live and done.done_at is not None
    assert waiting.workflow_in_progress and waiting.done_at is None
    assert ProjectAction.objects.count() == 2
    for obj in (lt_page, en_page, done, waiting, application):
        obj.full_clean()
    queue = signed_in("vadovas").get(reverse("moderation_queue")).content.decode()
    assert ACTION_WAITING["title"] in queue


def test_demo_rubrics_are_approved_have_slots_and_one_is_filled_by_a_post():
    from editorial.campaigns.demo import ARCHIVE, BOOKS, POST_TITLE
    from editorial.campaigns.models import Rubric

    load_demo()
    load_demo()  # nothing twice
    books, archive = Rubric.objects.get(name=BOOKS), Rubric.objects.get(name=ARCHIVE)
    assert books.live and archive.live and Rubric.objects.count() == 2
    assert sorted(books.channels.values_list("network", flat=True)) == ["facebook", "instagram"]
    assert books.weekdays == "4" and books.time_of_day.hour == 10
    assert (archive.monthly_ordinal, archive.monthly_weekday) == (1, 1)
    post = SocialPost.objects.get(title=POST_TITLE)
    assert post.rubric == books and post.go_live_at in books.next_slots(count=2)
    for rubric in (books, archive):
        rubric.full_clean()

    client = signed_in("specialistas")
    day = timezone.localtime(post.go_live_at).date().isoformat()
    html = client.get(reverse("moderation_calendar"), {"date": day}).content.decode()
    assert BOOKS in html and "sk-cal-state-filled" in html
    admin = signed_in("admin")
    for rubric in (books, archive):
        url = reverse("wagtailsnippets_campaigns_rubric:edit", args=[rubric.pk])
        response = admin.post(url, form_data(admin.get(url).text))
        assert response.status_code == 302, response.context["form"].errors
