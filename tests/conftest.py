"""Shared fixtures: one user per role, their departments, the home page, logged-in clients.

The role groups and their permissions come from the real migrations (cms 0002 and the
post_migrate `sync_roles`), so these fixtures only put people into groups.
"""

import itertools

import pytest
from django.test import Client
from django.utils.text import slugify
from wagtail.models import Page, Site

from cms import roles
from cms.factories import DepartmentFactory, StaffProfileFactory, UserFactory

# The fake networks serve both the social tests and the browser tests.
pytest_plugins = ["tests.editorial.social.fixtures"]


@pytest.fixture
def department(db):
    return DepartmentFactory(name="Komunikacijos skyrius", code="komunikacija")


@pytest.fixture
def other_department(db):
    return DepartmentFactory(name="Vaikų literatūros skyrius", code="vaiku-literatura")


def _staff(department, position, **user_kwargs):
    return StaffProfileFactory(
        user=UserFactory(**user_kwargs), department=department, position=position
    ).user


@pytest.fixture
def head(department):
    """The head of the communication department (a moderator)."""
    user = _staff(
        department,
        "Skyriaus vadovė",
        username="vadove",
        first_name="Rūta",
        last_name="Kazlauskaitė",
        head=True,
    )
    department.head = user
    department.save(update_fields=["head"])
    return user


@pytest.fixture
def second_head(other_department):
    """The head of another department: also a member of "Department heads"."""
    user = _staff(
        other_department,
        "Skyriaus vadovas",
        username="vadovas2",
        first_name="Tomas",
        last_name="Stankevičius",
        head=True,
    )
    other_department.head = user
    other_department.save(update_fields=["head"])
    return user


@pytest.fixture
def specialist(department):
    """The communication specialist (the author)."""
    return _staff(
        department,
        "Komunikacijos specialistas",
        username="specialistas",
        first_name="Jonas",
        last_name="Petrauskas",
        specialist=True,
    )


@pytest.fixture
def second_specialist(department):
    return _staff(
        department,
        "Komunikacijos specialistė",
        username="specialiste2",
        first_name="Eglė",
        last_name="Jankauskienė",
        specialist=True,
    )


@pytest.fixture
def administration_user(db):
    return _staff(
        None,
        "Direktorius",
        username="direktorius",
        first_name="Mindaugas",
        last_name="Žukauskas",
        administration=True,
    )


@pytest.fixture
def other_department_user(other_department):
    return _staff(
        other_department,
        "Bibliotekininkė",
        username="bibliotekininke",
        first_name="Greta",
        last_name="Butkutė",
        other_department=True,
    )


@pytest.fixture
def no_role_user(db):
    """A staff account that belongs to no role group."""
    return UserFactory(username="be-roles", roles=[])


@pytest.fixture
def superuser(db):
    return UserFactory(username="administratorius", superuser=True)


@pytest.fixture
def role_users(specialist, head, administration_user, other_department_user, superuser):
    """Users by role name, for parametrised permission tests."""
    return {
        "anonymous": None,
        roles.SPECIALISTS: specialist,
        roles.HEADS: head,
        roles.ADMINISTRATION: administration_user,
        roles.OTHER_DEPARTMENTS: other_department_user,
        "superuser": superuser,
    }


@pytest.fixture
def client_for(db):
    """`client_for(user)` returns a test client signed in as `user` (anonymous for None)."""

    def make(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def home_page(db):
    """The library's home page, as the default site's root."""
    from home.models import HomePage

    existing = HomePage.objects.first()
    if existing is not None:
        return existing
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Biblioteka", slug="biblioteka"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save(update_fields=["root_page"])
    return home


@pytest.fixture
def standard_page_factory(home_page):
    """Make a StandardPage under the home page; live unless `live=False`."""
    from home.models import StandardPage

    numbers = itertools.count(1)

    def make(title="Vasaros skaitymai", live=True, owner=None, parent=None, **fields):
        fields.setdefault("slug", f"{slugify(title)}-{next(numbers)}")
        page = StandardPage(title=title, live=live, owner=owner, **fields)
        (parent or home_page).add_child(instance=page)
        page.save_revision(user=owner)
        return page

    return make


@pytest.fixture
def page_post_data():
    """`page_post_data(page, **fields)`: the POST body of the page editor for a StandardPage."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    def make(page=None, **fields):
        data = {
            "title": page.title if page else "Naujas puslapis",
            "slug": page.slug if page else "naujas-puslapis",
            "intro": getattr(page, "intro", ""),
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
        data.update(fields)
        return nested_form_data(data)

    return make


@pytest.fixture
def assert_denied():
    """`assert_denied(response)`: Wagtail refused the request.

    Wagtail's admin turns PermissionDenied into a redirect to the dashboard with an
    error message (a plain 403 for XHR); anonymous users are sent to the login page.
    """
    from django.contrib.messages import get_messages
    from django.urls import reverse

    def check(response, anonymous=False):
        if anonymous:
            assert response.status_code == 302, response.status_code
            assert response["Location"].startswith(reverse("wagtailadmin_login"))
            return
        if response.status_code == 403:
            return
        assert response.status_code == 302, response.status_code
        assert response["Location"] == reverse("wagtailadmin_home"), response["Location"]
        levels = [message.level_tag for message in get_messages(response.wsgi_request)]
        assert "error" in levels, levels

    return check


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no cached public page (home/cache.py)."""
    from django.core.cache import caches

    caches["pages"].clear()
