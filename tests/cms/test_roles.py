"""The role matrix: what the database grants, and what the admin lets each role do.

The expected tables below are written out by hand from docs/permissions.md, on purpose:
they are not read from cms.roles, so a change to the matrix has to be made in both
places (and in the document) to pass.
"""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page, Site

from cms import roles
from cms.factories import AbsenceFactory, DepartmentFactory, StaffProfileFactory, UserFactory
from cms.models import Department
from home.models import BrandSettings

pytestmark = pytest.mark.django_db

SPECIALISTS = roles.SPECIALISTS
HEADS = roles.HEADS
ADMINISTRATION = roles.ADMINISTRATION
OTHER_DEPARTMENTS = roles.OTHER_DEPARTMENTS
ANONYMOUS = "anonymous"
SUPERUSER = "superuser"
ALL_ROLES = (ANONYMOUS, SPECIALISTS, HEADS, ADMINISTRATION, OTHER_DEPARTMENTS, SUPERUSER)

# The apps of the foundation; later apps (social, campaigns, ...) add their own rows.
FOUNDATION_APPS = {"wagtailadmin", "cms", "home", "wagtailcore", "wagtailimages", "wagtaildocs"}

EXPECTED_MODEL_PERMISSIONS = {
    SPECIALISTS: {
        "wagtailadmin.access_admin",
        "cms.view_department",
        "cms.view_staffprofile",
        "cms.view_absence",
        "home.change_brandsettings",
    },
    HEADS: {
        "wagtailadmin.access_admin",
        "cms.view_department",
        "cms.view_staffprofile",
        "cms.view_absence",
        "cms.add_absence",
        "cms.change_absence",
        "cms.delete_absence",
        "home.change_brandsettings",
    },
    ADMINISTRATION: {
        "wagtailadmin.access_admin",
        "cms.view_department",
        "cms.add_department",
        "cms.change_department",
        "cms.delete_department",
        "cms.view_staffprofile",
        "cms.add_staffprofile",
        "cms.change_staffprofile",
        "cms.delete_staffprofile",
        "cms.view_absence",
        "cms.add_absence",
        "cms.change_absence",
        "cms.delete_absence",
    },
    OTHER_DEPARTMENTS: {"wagtailadmin.access_admin", "cms.view_department"},
}

EXPECTED_PAGE_PERMISSIONS = {  # granted on the root page
    SPECIALISTS: {"add_page", "change_page", "lock_page"},
    HEADS: {
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    },
    ADMINISTRATION: set(),
    OTHER_DEPARTMENTS: set(),
}

_MEDIA = {
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
}
EXPECTED_COLLECTION_PERMISSIONS = {  # granted on the root collection
    SPECIALISTS: _MEDIA,
    HEADS: _MEDIA
    | {
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
    },
    ADMINISTRATION: set(),
    OTHER_DEPARTMENTS: set(),
}


def dotted(permission):
    return f"{permission.content_type.app_label}.{permission.codename}"


def model_permissions_in_db(group):
    return {dotted(p) for p in group.permissions.select_related("content_type")}


# --- (a) the groups in the database equal the matrix ---------------------------------------


def test_the_four_role_groups_exist_and_wagtails_starter_groups_are_gone():
    names = set(Group.objects.values_list("name", flat=True))
    assert {SPECIALISTS, HEADS, ADMINISTRATION, OTHER_DEPARTMENTS} <= names
    assert not names & {"Editors", "Moderators"}


@pytest.mark.parametrize("role", roles.ROLES)
def test_model_permissions_in_db_equal_the_matrix(role):
    in_db = model_permissions_in_db(Group.objects.get(name=role))
    foundation = {name for name in in_db if name.split(".")[0] in FOUNDATION_APPS}
    assert foundation == EXPECTED_MODEL_PERMISSIONS[role]
    # Every permission of every app equals cms.roles exactly (later apps' rows too).
    assert in_db == roles.MODEL_PERMISSIONS[role]


@pytest.mark.parametrize("role", roles.ROLES)
def test_page_permissions_in_db_equal_the_matrix(role):
    rows = GroupPagePermission.objects.filter(group__name=role).select_related("page", "permission")
    assert {row.page_id for row in rows} <= {Page.get_first_root_node().pk}
    assert {row.permission.codename for row in rows} == EXPECTED_PAGE_PERMISSIONS[role]


@pytest.mark.parametrize("role", roles.ROLES)
def test_collection_permissions_in_db_equal_the_matrix(role):
    rows = GroupCollectionPermission.objects.filter(group__name=role).select_related(
        "collection", "permission__content_type"
    )
    assert {row.collection.depth for row in rows} <= {1}
    assert {dotted(row.permission) for row in rows} == EXPECTED_COLLECTION_PERMISSIONS[role]


def test_sync_roles_knows_every_permission_it_names():
    assert roles.sync_roles() == set()


def test_sync_roles_restores_a_hand_edited_group():
    heads = Group.objects.get(name=HEADS)
    heads.permissions.clear()
    GroupPagePermission.objects.filter(group=heads).delete()
    specialists = Group.objects.get(name=SPECIALISTS)
    GroupPagePermission.objects.create(
        group=specialists,
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="publish_page"
        ),
    )

    roles.sync_roles()

    assert model_permissions_in_db(heads) == roles.MODEL_PERMISSIONS[HEADS]
    assert (
        set(
            GroupPagePermission.objects.filter(group=heads).values_list(
                "permission__codename", flat=True
            )
        )
        == EXPECTED_PAGE_PERMISSIONS[HEADS]
    )
    assert (
        set(
            GroupPagePermission.objects.filter(group=specialists).values_list(
                "permission__codename", flat=True
            )
        )
        == EXPECTED_PAGE_PERMISSIONS[SPECIALISTS]
    )


# --- each app declares its own rows -------------------------------------------------------

UPPER_FLOOR_APPS = ("moderation", "social", "campaigns", "events", "teamwork", "analytics")


def test_cms_names_no_permission_of_an_upper_floor_app():
    source = Path(roles.__file__).read_text()
    named = [label for label in (*UPPER_FLOOR_APPS, "grants", "home") if f'"{label}.' in source]
    assert not named


def test_the_social_app_brings_its_own_rows():
    from editorial.social import roles as social_roles

    for role, permissions in social_roles.MODEL_PERMISSIONS.items():
        assert permissions <= roles.MODEL_PERMISSIONS[role]
    heads = Group.objects.get(name=HEADS)
    assert "social.publish_socialpost" in model_permissions_in_db(heads)
    assert "social.publish_socialpost" not in roles.MODEL_PERMISSIONS[SPECIALISTS]


def test_an_apps_rows_must_name_a_known_role_and_table():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="Editors"):
        roles.register("MODEL_PERMISSIONS", "Editors", {"cms.view_department"}, source="x")
    with pytest.raises(ImproperlyConfigured, match="PERMISSIONS"):
        roles.register("PERMISSIONS", HEADS, {"cms.view_department"}, source="x")
    assert roles.MODEL_PERMISSIONS[HEADS] >= EXPECTED_MODEL_PERMISSIONS[HEADS]


# --- (b) the admin over HTTP, role x action ------------------------------------------------


@pytest.fixture
def world(home_page, standard_page_factory, specialist):
    department = DepartmentFactory(name="Metodinis skyrius", code="metodinis")
    return {
        "home": home_page,
        "page": standard_page_factory(title="Bibliotekos naujienos", live=True),
        "own_draft": standard_page_factory(title="Juodraštis", live=False, owner=specialist),
        "department": department,
        "profile": StaffProfileFactory(department=department),
        "absence": AbsenceFactory(),
        "site": Site.objects.get(is_default_site=True),
    }


URLS = {
    "dashboard": lambda w: reverse("wagtailadmin_home"),
    "page add": lambda w: reverse(
        "wagtailadmin_pages:add", args=("home", "standardpage", w["home"].pk)
    ),
    "page edit": lambda w: reverse("wagtailadmin_pages:edit", args=(w["page"].pk,)),
    "page delete (live)": lambda w: reverse("wagtailadmin_pages:delete", args=(w["page"].pk,)),
    "page delete (specialist's draft)": lambda w: reverse(
        "wagtailadmin_pages:delete", args=(w["own_draft"].pk,)
    ),
    "images": lambda w: reverse("wagtailimages:index"),
    "image upload": lambda w: reverse("wagtailimages:add_multiple"),
    "document upload": lambda w: reverse("wagtaildocs:add_multiple"),
    "departments": lambda w: "/admin/cms/department/",
    "department create": lambda w: "/admin/cms/department/create/",
    "department edit": lambda w: f"/admin/cms/department/edit/{w['department'].pk}/",
    "department delete": lambda w: f"/admin/cms/department/delete/{w['department'].pk}/",
    "staff profiles": lambda w: "/admin/cms/staffprofile/",
    "staff profile create": lambda w: "/admin/cms/staffprofile/create/",
    "staff profile edit": lambda w: f"/admin/cms/staffprofile/edit/{w['profile'].pk}/",
    "absences": lambda w: "/admin/cms/absence/",
    "absence create": lambda w: "/admin/cms/absence/create/",
    "absence edit": lambda w: f"/admin/cms/absence/edit/{w['absence'].pk}/",
    "brand settings": lambda w: f"/admin/settings/home/brandsettings/{w['site'].pk}/",
    "brand kit": lambda w: f"/admin/settings/campaigns/brandkit/{w['site'].pk}/",
}

S, H, A, OD, SU = SPECIALISTS, HEADS, ADMINISTRATION, OTHER_DEPARTMENTS, SUPERUSER
ALLOWED = {  # action -> roles that get the page (HTTP 200); everyone else is refused
    "dashboard": {S, H, A, OD, SU},
    "page add": {S, H, SU},
    "page edit": {S, H, SU},
    "page delete (live)": {H, SU},
    "page delete (specialist's draft)": {S, H, SU},
    "images": {S, H, SU},
    "image upload": {S, H, SU},
    "document upload": {S, H, SU},
    "departments": {S, H, A, OD, SU},
    "department create": {A, SU},
    "department edit": {A, SU},
    "department delete": {A, SU},
    "staff profiles": {S, H, A, SU},
    "staff profile create": {A, SU},
    "staff profile edit": {A, SU},
    "absences": {S, H, A, SU},
    "absence create": {H, A, SU},
    "absence edit": {H, A, SU},
    "brand settings": {S, H, SU},
    "brand kit": {S, H, SU},
}
assert set(ALLOWED) == set(URLS)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("action", sorted(URLS))
def test_admin_url_per_role(role, action, world, role_users, client_for, assert_denied):
    response = client_for(role_users[role]).get(URLS[action](world))
    if role in ALLOWED[action]:
        assert response.status_code == 200
    else:
        assert_denied(response, anonymous=role == ANONYMOUS)


def test_a_signed_in_user_without_a_role_cannot_enter_the_admin(no_role_user, client_for):
    response = client_for(no_role_user).get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


# --- publishing is a permission, not a hidden button ---------------------------------------

PUBLISHERS = {HEADS, SUPERUSER}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_publish_from_the_editor(
    role, standard_page_factory, role_users, client_for, page_post_data, assert_denied
):
    page = standard_page_factory(title="Naujas renginys", live=False)
    response = client_for(role_users[role]).post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        page_post_data(page, title="Naujas renginys: skaitymai", **{"action-publish": "1"}),
    )
    page.refresh_from_db()
    if role in PUBLISHERS:
        assert response.status_code == 302
        assert page.live
        assert page.title == "Naujas renginys: skaitymai"
    elif role == SPECIALISTS:
        # The editor saves a draft instead: nothing goes live without the head.
        assert response.status_code == 302
        assert not page.live
        assert page.get_latest_revision().as_object().title == "Naujas renginys: skaitymai"
    else:
        assert_denied(response, anonymous=role == ANONYMOUS)
        assert not page.live
        assert page.get_latest_revision().as_object().title == "Naujas renginys"


@pytest.mark.parametrize("role", [SPECIALISTS, HEADS, SUPERUSER])
def test_create_and_publish_in_one_go(role, home_page, role_users, client_for, page_post_data):
    response = client_for(role_users[role]).post(
        reverse("wagtailadmin_pages:add", args=("home", "standardpage", home_page.pk)),
        page_post_data(title="Knygų mugė", slug="knygu-muge", **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    page = Page.objects.get(slug="knygu-muge")
    assert page.live == (role in PUBLISHERS)


def test_specialist_cannot_unpublish(standard_page_factory, specialist, client_for, assert_denied):
    page = standard_page_factory(title="Paskelbta", live=True)
    response = client_for(specialist).post(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)))
    assert_denied(response)
    page.refresh_from_db()
    assert page.live


# --- locking ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_lock_a_page(role, standard_page_factory, role_users, client_for, assert_denied):
    page = standard_page_factory(title="Užrakinamas")
    response = client_for(role_users[role]).post(
        reverse("wagtailadmin_pages:lock", args=(page.pk,))
    )
    page.refresh_from_db()
    if role in {SPECIALISTS, HEADS, SUPERUSER}:
        assert response.status_code == 302
        assert page.locked
        assert page.locked_by == role_users[role]
    else:
        assert_denied(response, anonymous=role == ANONYMOUS)
        assert not page.locked


@pytest.mark.parametrize("role", [SPECIALISTS, HEADS, ADMINISTRATION, SUPERUSER])
def test_unlock_a_page_someone_else_locked(
    role, standard_page_factory, second_specialist, role_users, client_for, assert_denied
):
    page = standard_page_factory(title="Užrakintas")
    page.locked, page.locked_by = True, second_specialist
    page.save()
    response = client_for(role_users[role]).post(
        reverse("wagtailadmin_pages:unlock", args=(page.pk,))
    )
    page.refresh_from_db()
    if role in {HEADS, SUPERUSER}:
        assert response.status_code == 302
        assert not page.locked
    else:
        assert_denied(response)
        assert page.locked


def test_specialist_unlocks_their_own_lock(standard_page_factory, specialist, client_for):
    page = standard_page_factory(title="Mano užraktas")
    client = client_for(specialist)
    client.post(reverse("wagtailadmin_pages:lock", args=(page.pk,)))
    response = client.post(reverse("wagtailadmin_pages:unlock", args=(page.pk,)))
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.locked


# --- deleting --------------------------------------------------------------------------------


def test_specialist_deletes_own_draft_but_not_a_live_page(
    standard_page_factory, specialist, client_for, assert_denied
):
    client = client_for(specialist)
    draft = standard_page_factory(title="Nereikalingas", live=False, owner=specialist)
    live = standard_page_factory(title="Gyvas", live=True)

    assert client.post(reverse("wagtailadmin_pages:delete", args=(draft.pk,))).status_code == 302
    assert not Page.objects.filter(pk=draft.pk).exists()

    assert_denied(client.post(reverse("wagtailadmin_pages:delete", args=(live.pk,))))
    assert Page.objects.filter(pk=live.pk).exists()


# --- records and settings: writes, not only forms ------------------------------------------


@pytest.mark.parametrize("role", [SPECIALISTS, HEADS, ADMINISTRATION, OTHER_DEPARTMENTS])
def test_create_department(role, role_users, client_for, assert_denied):
    response = client_for(role_users[role]).post(
        "/admin/cms/department/create/", {"name": "Kraštotyros skyrius", "code": "krastotyra"}
    )
    created = Department.objects.filter(code="krastotyra").exists()
    if role == ADMINISTRATION:
        assert response.status_code == 302
        assert created
    else:
        assert_denied(response)
        assert not created


@pytest.mark.parametrize("role", [SPECIALISTS, HEADS, ADMINISTRATION, OTHER_DEPARTMENTS])
def test_edit_brand_settings(role, home_page, role_users, client_for, assert_denied):
    site = Site.objects.get(is_default_site=True)
    response = client_for(role_users[role]).post(
        f"/admin/settings/home/brandsettings/{site.pk}/",
        {"contact_email": "info@biblioteka.example"},
    )
    saved = BrandSettings.for_site(site).contact_email
    if role in {SPECIALISTS, HEADS}:
        assert response.status_code == 302
        assert saved == "info@biblioteka.example"
    else:
        assert_denied(response)
        assert saved == ""


def test_head_records_an_absence_other_roles_cannot(
    head, second_head, specialist, other_department_user, client_for, assert_denied
):
    from cms.models import Absence

    data = {
        "person": head.pk,
        "deputy": second_head.pk,
        "starts_on": "2025-08-04",
        "ends_on": "2025-08-15",
        "reason": "vacation",
        "note": "",
    }
    for refused in (specialist, other_department_user):
        assert_denied(client_for(refused).post("/admin/cms/absence/create/", data))
    assert not Absence.objects.exists()
    response = client_for(head).post("/admin/cms/absence/create/", data)
    assert response.status_code == 302
    assert Absence.objects.get().deputy == second_head


def test_factories_put_users_into_exactly_their_role():
    user = UserFactory(head=True)
    assert list(user.groups.values_list("name", flat=True)) == [HEADS]
    assert user.has_perm("cms.add_absence")
    assert not user.has_perm("cms.add_department")
    assert user.check_password("Slaptas-Zodis-2025")


# --- media: a specialist cannot change what a live page shows ------------------------------


@pytest.fixture
def image_by(db):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    def make(user):
        return Image.objects.create(
            title="Skaitymų plakatas", file=get_test_image_file(), uploaded_by_user=user
        )

    return make


@pytest.fixture
def document_by(db):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    def make(user):
        return Document.objects.create(
            title="Renginio programa",
            file=ContentFile(b"%PDF-1.4 programa", name="programa.pdf"),
            uploaded_by_user=user,
        )

    return make


def test_specialist_cannot_delete_or_edit_an_image_someone_else_uploaded(
    image_by, head, specialist, client_for, assert_denied
):
    from wagtail.images.models import Image

    image = image_by(head)
    client = client_for(specialist)
    assert_denied(client.get(reverse("wagtailimages:edit", args=(image.pk,))))
    assert_denied(client.post(reverse("wagtailimages:delete", args=(image.pk,))))
    assert Image.objects.filter(pk=image.pk).exists()


def test_specialist_deletes_their_own_upload_and_head_deletes_any(
    image_by, head, specialist, client_for
):
    from wagtail.images.models import Image

    own = image_by(specialist)
    response = client_for(specialist).post(reverse("wagtailimages:delete", args=(own.pk,)))
    assert response.status_code == 302
    assert not Image.objects.filter(pk=own.pk).exists()

    theirs = image_by(specialist)
    response = client_for(head).post(reverse("wagtailimages:delete", args=(theirs.pk,)))
    assert response.status_code == 302
    assert not Image.objects.filter(pk=theirs.pk).exists()


def test_specialist_cannot_delete_a_document_someone_else_uploaded(
    document_by, head, specialist, client_for, assert_denied
):
    from wagtail.documents.models import Document

    document = document_by(head)
    response = client_for(specialist).post(reverse("wagtaildocs:delete", args=(document.pk,)))
    assert_denied(response)
    assert Document.objects.filter(pk=document.pk).exists()
