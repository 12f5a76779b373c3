"""Self-made deputies: who may be named to stand in for a head, role by role.

Administration once named itself deputy of a head and approved a post. Nobody may name
themselves deputy (absence deputy or a department's standing deputy), and a deputy of
someone who moderates must belong to a group that may moderate. Every refused action
below changes nothing.
"""

import pytest
from django.utils import translation
from django.utils.html import escape
from wagtail.models import Page, Site

from cms import roles
from cms.factories import AbsenceFactory, DepartmentFactory, StaffProfileFactory, UserFactory
from cms.models import Absence, Department
from tests.lithuanian import lt as lithuanian

pytestmark = pytest.mark.django_db

HEADS, ADMINISTRATION, SUPERUSER = roles.HEADS, roles.ADMINISTRATION, "superuser"
CREATE_ABSENCE = "/admin/cms/absence/create/"
NOT_YOURSELF = "You cannot name yourself as a deputy; ask another head or Administration."


def lt(text, **values):
    """The Lithuanian message as the page's HTML shows it (escaped)."""
    return escape(lithuanian(text, **values))


def absence_data(person, deputy, **extra):
    return {
        "person": person.pk,
        "deputy": deputy.pk,
        "starts_on": "2026-08-03",
        "ends_on": "2026-08-14",
        "reason": Absence.Reason.VACATION,
        "note": "",
        **extra,
    }


@pytest.fixture
def stand_in(department):
    """A member of "Department heads" in the communication department (not its head)."""
    return StaffProfileFactory(
        user=UserFactory(head=True, first_name="Aistė", last_name="Vasiliauskaitė"),
        department=department,
    ).user


# --- the absence register -----------------------------------------------------------------


@pytest.mark.parametrize("role", [HEADS, ADMINISTRATION, SUPERUSER])
def test_nobody_names_themselves_deputy_of_a_head(role, role_users, second_head, client_for):
    me = role_users[role]
    response = client_for(me).post(CREATE_ABSENCE, absence_data(second_head, me))

    assert response.status_code == 200  # the form again, with the reason
    assert lt(NOT_YOURSELF) in response.content.decode()
    assert not Absence.objects.exists()


@pytest.mark.parametrize("role", [HEADS, ADMINISTRATION, SUPERUSER])
def test_nobody_changes_an_absence_to_stand_in_themselves(
    role, role_users, second_head, stand_in, client_for
):
    absence = AbsenceFactory(person=second_head, deputy=stand_in)
    me = role_users[role]
    response = client_for(me).post(
        f"/admin/cms/absence/edit/{absence.pk}/", absence_data(second_head, me)
    )

    assert response.status_code == 200
    assert lt(NOT_YOURSELF) in response.content.decode()
    absence.refresh_from_db()
    assert absence.deputy == stand_in


@pytest.mark.parametrize(
    "deputy_role", [roles.SPECIALISTS, ADMINISTRATION, roles.OTHER_DEPARTMENTS]
)
def test_a_heads_deputy_must_be_in_a_group_that_may_moderate(
    deputy_role, head, administration_user, client_for
):
    deputy = StaffProfileFactory(user=UserFactory(roles=[deputy_role])).user
    response = client_for(administration_user).post(CREATE_ABSENCE, absence_data(head, deputy))

    assert response.status_code == 200
    with translation.override("lt"):
        heads = str(roles.ROLE_LABELS[HEADS])
    expected = lt("The deputy must belong to a group that may moderate: %(groups)s.", groups=heads)
    assert expected in response.content.decode()
    assert not Absence.objects.exists()


def test_a_deputy_from_another_library_site_is_refused(head, administration_user, client_for):
    branch = Site.objects.create(
        hostname="filialas.test", root_page=Page.get_first_root_node(), is_default_site=False
    )
    elsewhere = StaffProfileFactory(
        user=UserFactory(head=True),
        department=DepartmentFactory(code="filialo-skyrius", site=branch),
    ).user
    response = client_for(administration_user).post(CREATE_ABSENCE, absence_data(head, elsewhere))

    assert response.status_code == 200
    assert lt("The deputy works for another library site than the department.") in (
        response.content.decode()
    )
    assert not Absence.objects.exists()


@pytest.mark.parametrize("role", [HEADS, ADMINISTRATION])
def test_a_valid_deputy_is_recorded(role, role_users, head, second_head, stand_in, client_for):
    absent = second_head if role == HEADS else head
    response = client_for(role_users[role]).post(CREATE_ABSENCE, absence_data(absent, stand_in))
    assert response.status_code == 302
    assert Absence.objects.get().deputy == stand_in


def test_a_specialist_may_stand_in_for_a_specialist(
    head, specialist, second_specialist, client_for
):
    """Only stand-ins for people who moderate must be able to moderate."""
    response = client_for(head).post(CREATE_ABSENCE, absence_data(specialist, second_specialist))
    assert response.status_code == 302
    assert Absence.objects.get().deputy == second_specialist


# --- the standing deputy of a department ------------------------------------------------------


def department_data(department, **fields):
    return {
        "name": department.name,
        "code": department.code,
        "site": department.site_id or "",
        "head": department.head_id or "",
        "deputy_head": "",
        **fields,
    }


def test_administration_cannot_name_itself_standing_deputy(
    head, department, administration_user, client_for
):
    response = client_for(administration_user).post(
        f"/admin/cms/department/edit/{department.pk}/",
        department_data(department, deputy_head=administration_user.pk),
    )
    assert response.status_code == 200
    assert (
        lt("You cannot name yourself as the standing deputy; ask another member of Administration.")
        in response.content.decode()
    )
    department.refresh_from_db()
    assert department.deputy_head is None


@pytest.mark.parametrize("deputy_fixture", ["head", "specialist"])
def test_a_standing_deputy_must_be_another_moderator(
    deputy_fixture, request, head, department, administration_user, client_for
):
    deputy = request.getfixturevalue(deputy_fixture)
    response = client_for(administration_user).post(
        f"/admin/cms/department/edit/{department.pk}/",
        department_data(department, deputy_head=deputy.pk),
    )
    assert response.status_code == 200
    department.refresh_from_db()
    assert department.deputy_head is None


def test_administration_names_a_standing_deputy(
    head, department, stand_in, administration_user, client_for
):
    response = client_for(administration_user).post(
        f"/admin/cms/department/edit/{department.pk}/",
        department_data(department, deputy_head=stand_in.pk),
    )
    assert response.status_code == 302
    assert Department.objects.get(pk=department.pk).deputy_head == stand_in


# --- people are chosen by their names -----------------------------------------------------


def test_person_pickers_show_full_names(
    head, stand_in, department, administration_user, client_for
):
    client = client_for(administration_user)
    for url in (CREATE_ABSENCE, f"/admin/cms/department/edit/{department.pk}/"):
        html = client.get(url).content.decode()
        assert f'value="{stand_in.pk}">Aistė Vasiliauskaitė</option>' in html, url
        assert f">{stand_in.username}</option>" not in html, url


def test_post_author_filter_shows_full_names(specialist, client_for):
    from django.urls import reverse

    from editorial.social.factories import SocialPostFactory

    SocialPostFactory(author=specialist)
    html = (
        client_for(specialist)
        .get(reverse("wagtailsnippets_social_socialpost:list"))
        .content.decode()
    )
    assert f'value="{specialist.pk}">Jonas Petrauskas</option>' in html
    assert f">{specialist.username}</option>" not in html
