"""The brand kit: the one place for the communication image. Colours too light are
refused, the values of the old home setting move over in the data migration, and
the kit of the post's own library is shown beside the post editor."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.models import Site

from cms import roles
from cms.factories import DepartmentFactory, StaffProfileFactory, UserFactory
from editorial.campaigns.models import BrandKit, NetworkTemplate
from editorial.social.factories import ChannelFactory, ImageFactory, SocialPostFactory
from editorial.social.networks import Network

EDIT_POST = "wagtailsnippets_social_socialpost:edit"
ADD_POST = "wagtailsnippets_social_socialpost:add"


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


def kit_for(site, **fields):
    kit = BrandKit.for_site(site)
    for name, value in fields.items():
        setattr(kit, name, value)
    kit.save()
    return kit


# ------------------------------------------------------------------ validation


@pytest.mark.django_db
def test_a_colour_too_light_to_read_on_white_is_refused(site):
    kit = kit_for(site, library_name="Biblioteka")
    kit.accent_colour = "#f4c430"
    with pytest.raises(ValidationError) as error:
        kit.full_clean()
    assert set(error.value.message_dict) == {"accent_colour"}
    assert "4.5:1" in error.value.message_dict["accent_colour"][0].replace(",", ".")


@pytest.mark.django_db
def test_the_admin_refuses_a_light_colour_and_saves_nothing(site, specialist, client_for):
    kit_for(site, primary_colour="#0b5394")
    response = client_for(specialist).post(
        reverse("wagtailsettings:edit", args=["campaigns", "brandkit", site.pk]),
        {
            "library_name": "Biblioteka",
            "primary_colour": "#ffd966",
            "accent_colour": "#b45309",
            "standard_hashtags": "<script>alert(1)</script>",
            "network_templates-TOTAL_FORMS": "0",
            "network_templates-INITIAL_FORMS": "0",
            "network_templates-MIN_NUM_FORMS": "0",
            "network_templates-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page  # escaped
    errors = html.unescape(page)
    assert "4,5:1" in errors or "4.5:1" in errors
    assert BrandKit.for_site(site).primary_colour == "#0b5394"
    assert BrandKit.for_site(site).library_name == ""


@pytest.mark.django_db
def test_hashtags_are_read_in_any_script_once_each(site):
    kit = kit_for(site, standard_hashtags="#SkaitykLietuviškai #Biblioteka #skaityklietuviškai")
    assert kit.hashtags == ["#SkaitykLietuviškai", "#Biblioteka"]
    kit.standard_hashtags = "SkaitykLietuviškai #Biblioteka"
    with pytest.raises(ValidationError) as error:
        kit.full_clean()
    assert "standard_hashtags" in error.value.message_dict


# ------------------------------------------------------------------ the data migration


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_the_old_settings_values_into_the_kit(home_page):
    executor = MigrationExecutor(connection)
    before = [("home", "0001_initial")]
    after = [("home", "0002_brand_to_kit")]
    executor.migrate(before)
    try:
        old_apps = executor.loader.project_state(
            [*before, ("campaigns", "0005_brand_kit_checklist")]
        ).apps
        Site_ = old_apps.get_model("wagtailcore", "Site")
        Image = old_apps.get_model("wagtailimages", "Image")
        site = Site_.objects.get(is_default_site=True)
        other = Site_.objects.create(hostname="kita.example", root_page_id=site.root_page_id)
        logo = ImageFactory(title="Logotipas")
        old_settings = old_apps.get_model("home", "BrandSettings")
        old_settings.objects.create(
            site=site,
            library_name="Apskrities viešoji biblioteka",
            logo=Image.objects.get(pk=logo.pk),
            primary_colour="#7a1f5c",
            accent_colour="#1f5c7a",
            contact_email="info@biblioteka.example",
        )
        old_settings.objects.create(site=other, library_name="Mokyklos biblioteka")
        # A kit that already has hashtags keeps them.
        old_apps.get_model("campaigns", "BrandKit").objects.create(
            site=site, standard_hashtags="#Biblioteka"
        )

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new_apps = executor.loader.project_state(after).apps
        Kit = new_apps.get_model("campaigns", "BrandKit")
        kit = Kit.objects.get(site_id=site.pk)
        assert kit.library_name == "Apskrities viešoji biblioteka"
        assert kit.logo_id == logo.pk
        assert (kit.primary_colour, kit.accent_colour) == ("#7a1f5c", "#1f5c7a")
        assert kit.standard_hashtags == "#Biblioteka"
        assert Kit.objects.get(site_id=other.pk).library_name == "Mokyklos biblioteka"
        contacts = new_apps.get_model("home", "BrandSettings").objects.get(site_id=site.pk)
        assert contacts.contact_email == "info@biblioteka.example"
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


# ------------------------------------------------------------------ beside the post editor


@pytest.fixture
def two_libraries(site):
    """The default site's kit and a second library's kit, each with a template."""
    other = Site.objects.create(hostname="mokykla.example", root_page=site.root_page)
    ours = kit_for(
        site,
        library_name="Apskrities viešoji biblioteka",
        standard_hashtags="#SkaitykLietuviškai",
        sign_off="Iki pasimatymo bibliotekoje!",
        tone_of_voice="Kalbame šiltai ir paprastai.",
    )
    NetworkTemplate.objects.create(brand_kit=ours, network=Network.MASTODON, text="Mūsų šablonas")
    theirs = kit_for(other, standard_hashtags="#MokyklosBiblioteka", sign_off="Jūsų mokykla")
    NetworkTemplate.objects.create(brand_kit=theirs, network=Network.MASTODON, text="Jų šablonas")
    return ours, theirs, other


@pytest.mark.django_db
def test_the_post_editor_shows_the_kit_of_the_posts_library(two_libraries, specialist, client_for):
    ours, theirs, other = two_libraries
    channel = ChannelFactory(network=Network.MASTODON, name="Mastodon", api_base="https://m.lt")
    post = SocialPostFactory(channels=[channel], author=specialist)
    page = html.unescape(
        client_for(specialist).get(reverse(EDIT_POST, args=[post.pk])).content.decode()
    )
    assert "#SkaitykLietuviškai" in page and "Iki pasimatymo bibliotekoje!" in page
    assert "Kalbame šiltai ir paprastai." in page and "Mūsų šablonas" in page
    assert "#MokyklosBiblioteka" not in page and "Jų šablonas" not in page
    assert "campaigns/js/brandcheck_editor.js" in page
    assert reverse("campaigns_checklist_for_post", args=[post.pk]) in page

    # A post for the other library's channel gets that library's kit.
    their_channel = ChannelFactory(
        network=Network.MASTODON, name="Mokyklos Mastodon", api_base="https://m.lt", site=other
    )
    their_post = SocialPostFactory(channels=[their_channel], author=specialist)
    page = html.unescape(
        client_for(specialist).get(reverse(EDIT_POST, args=[their_post.pk])).content.decode()
    )
    assert "#MokyklosBiblioteka" in page and "Jų šablonas" in page
    assert "#SkaitykLietuviškai" not in page


@pytest.mark.django_db
def test_a_new_post_shows_the_kit_of_the_authors_department_site(two_libraries, client_for):
    _ours, _theirs, other = two_libraries
    department = DepartmentFactory(name="Mokyklos biblioteka", site=other)
    author = UserFactory(username="mokyklos-specialistas", roles=[roles.SPECIALISTS])
    StaffProfileFactory(user=author, department=department)
    page = html.unescape(client_for(author).get(reverse(ADD_POST)).content.decode())
    assert "#MokyklosBiblioteka" in page and "#SkaitykLietuviškai" not in page


@pytest.mark.django_db
def test_the_kit_escapes_what_is_written_in_it(site, specialist, client_for):
    kit_for(site, tone_of_voice="<script>alert('x')</script>", sign_off="<b>Jūsų</b>")
    page = client_for(specialist).get(reverse(ADD_POST)).content.decode()
    assert "<script>alert('x')</script>" not in page and "<b>Jūsų</b>" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("templates", [1, 7])
def test_editor_query_budget_with_the_kit(
    templates, site, specialist, client_for, django_assert_max_num_queries
):
    kit = kit_for(site, standard_hashtags="#Biblioteka", logo=ImageFactory(title="Logotipas"))
    networks = [n for n in Network.values if n != Network.MANUAL][:templates]
    for network in networks:
        NetworkTemplate.objects.create(brand_kit=kit, network=network, text=f"Šablonas {network}")
    channel = ChannelFactory(network=Network.MASTODON, name="Mastodon", api_base="https://m.lt")
    post = SocialPostFactory(channels=[channel], author=specialist)
    client = client_for(specialist)
    client.get(reverse(EDIT_POST, args=[post.pk]))  # renditions made once, as after any visit
    # Measured: 54 queries with 1 template and with 7.
    with django_assert_max_num_queries(60):
        response = client.get(reverse(EDIT_POST, args=[post.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("data-brandcheck-template=") == templates


@pytest.mark.django_db
def test_the_specialist_fills_the_kit_with_a_template_per_network(site, specialist, client_for):
    response = client_for(specialist).post(
        reverse("wagtailsettings:edit", args=["campaigns", "brandkit", site.pk]),
        {
            "library_name": "Apskrities viešoji biblioteka",
            "primary_colour": "#0b5394",
            "accent_colour": "#b45309",
            "heading_font": "Lora",
            "body_font": "Source Sans 3",
            "tone_of_voice": "Kalbame šiltai.",
            "standard_hashtags": "#SkaitykLietuviškai #Biblioteka",
            "sign_off": "Iki pasimatymo bibliotekoje!",
            "network_templates-TOTAL_FORMS": "1",
            "network_templates-INITIAL_FORMS": "0",
            "network_templates-MIN_NUM_FORMS": "0",
            "network_templates-MAX_NUM_FORMS": "1000",
            "network_templates-0-id": "",
            "network_templates-0-ORDER": "1",
            "network_templates-0-DELETE": "",
            "network_templates-0-network": Network.INSTAGRAM,
            "network_templates-0-text": "[Žinia]\n\n#SkaitykLietuviškai",
        },
    )
    assert response.status_code == 302
    kit = BrandKit.for_site(site)
    assert kit.hashtags == ["#SkaitykLietuviškai", "#Biblioteka"]
    assert kit.template_for(Network.INSTAGRAM).text == "[Žinia]\n\n#SkaitykLietuviškai"
    assert kit.template_for(Network.FACEBOOK) is None
