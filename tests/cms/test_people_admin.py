"""The people registers in the admin: absences are validated, names are escaped, lists are cheap."""

import datetime
import re

import pytest
from django.contrib.staticfiles import finders
from django.utils import translation
from django.utils.html import escape
from wagtail.users.models import UserProfile

from cms.factories import AbsenceFactory, DepartmentFactory, StaffProfileFactory, UserFactory
from cms.models import Absence, Department

pytestmark = pytest.mark.django_db

CREATE_ABSENCE = "/admin/cms/absence/create/"


def absence_data(person, deputy, starts_on, ends_on, **extra):
    return {
        "person": person.pk,
        "deputy": deputy.pk,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "reason": Absence.Reason.VACATION,
        "note": "",
        **extra,
    }


def message_in(language, text):
    with translation.override(language):
        return escape(translation.gettext(text))


def test_absence_that_ends_before_it_starts_is_refused_with_a_message(head, specialist, client_for):
    response = client_for(head).post(
        CREATE_ABSENCE, absence_data(head, specialist, "2025-08-15", "2025-08-04")
    )
    assert response.status_code == 200  # the form again, with the error
    html = response.content.decode()
    assert message_in("lt", "The absence cannot end before it starts.") in html
    assert "absence_ends_after_start" not in html  # no raw constraint name
    assert not Absence.objects.exists()


def test_absence_error_follows_the_users_language(head, specialist, client_for):
    profile = UserProfile.get_for_user(head)
    profile.preferred_language = "en"
    profile.save()
    response = client_for(head).post(
        CREATE_ABSENCE, absence_data(head, specialist, "2025-08-15", "2025-08-04")
    )
    assert "The absence cannot end before it starts." in response.content.decode()
    assert not Absence.objects.exists()


def test_nobody_stands_in_for_themselves(head, administration_user, client_for):
    # Administration records it, so the "not yourself" rule of the form is not what refuses.
    response = client_for(administration_user).post(
        CREATE_ABSENCE, absence_data(head, head, "2025-08-04", "2025-08-15")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message_in("lt", "A person cannot stand in for themselves.") in html
    assert "absence_deputy_is_someone_else" not in html
    assert not Absence.objects.exists()


@pytest.fixture
def stand_in(department):
    """A member of "Department heads" in the head's department: may stand in for the head."""
    return StaffProfileFactory(user=UserFactory(head=True), department=department).user


def test_overlapping_absences_are_allowed(head, stand_in, second_head, client_for):
    client = client_for(head)
    first = client.post(CREATE_ABSENCE, absence_data(head, stand_in, "2025-08-04", "2025-08-15"))
    second = client.post(
        CREATE_ABSENCE, absence_data(head, second_head, "2025-08-10", "2025-08-20")
    )
    assert first.status_code == 302
    assert second.status_code == 302
    assert Absence.objects.filter(person=head).count() == 2
    covering = Absence.objects.covering(datetime.date(2025, 8, 12))
    assert set(covering.values_list("deputy", flat=True)) == {stand_in.pk, second_head.pk}


def test_one_day_absence_is_valid(head, stand_in, client_for):
    response = client_for(head).post(
        CREATE_ABSENCE, absence_data(head, stand_in, "2025-08-04", "2025-08-04")
    )
    assert response.status_code == 302
    assert Absence.objects.get().ends_on == datetime.date(2025, 8, 4)


def test_missing_dates_are_reported_not_crashed(head, specialist, client_for):
    response = client_for(head).post(CREATE_ABSENCE, absence_data(head, specialist, "", "rytoj"))
    assert response.status_code == 200
    assert not Absence.objects.exists()


# --- hostile input is shown as text ------------------------------------------------------

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_hostile_department_name_is_escaped_in_the_list(administration_user, client_for):
    DepartmentFactory(name=HOSTILE, code="piktas")
    response = client_for(administration_user).get("/admin/cms/department/")
    html = response.content.decode()
    assert response.status_code == 200
    assert HOSTILE not in html
    assert escape(HOSTILE) in html


def test_hostile_department_name_is_escaped_after_saving_through_the_form(
    administration_user, client_for
):
    client = client_for(administration_user)
    response = client.post("/admin/cms/department/create/", {"name": HOSTILE, "code": "piktas"})
    assert response.status_code == 302
    assert Department.objects.get(code="piktas").name == HOSTILE  # stored as typed
    html = client.get("/admin/cms/department/").content.decode()
    assert HOSTILE not in html
    assert escape(HOSTILE) in html


def test_hostile_person_name_is_escaped_in_staff_and_absence_lists(head, client_for):
    person = UserFactory(first_name="<b>Jonas</b>", last_name="<script>x()</script>", head=True)
    StaffProfileFactory(user=person)
    AbsenceFactory(person=person)
    client = client_for(head)
    for url in ("/admin/cms/staffprofile/", "/admin/cms/absence/"):
        html = client.get(url).content.decode()
        assert "<script>x()</script>" not in html, url
        assert "&lt;script&gt;x()&lt;/script&gt;" in html, url


# --- every register lists with a fixed number of queries ----------------------------------


@pytest.mark.parametrize(
    ("url", "make"),
    [
        (
            "/admin/cms/department/",
            lambda: DepartmentFactory(head=UserFactory(head=True)),
        ),
        ("/admin/cms/staffprofile/", lambda: StaffProfileFactory()),
        ("/admin/cms/absence/", lambda: AbsenceFactory()),
    ],
)
def test_register_lists_have_a_query_budget(
    url, make, administration_user, client_for, django_assert_max_num_queries
):
    client = client_for(administration_user)

    def count():
        client.get(url)  # warm per-process caches
        with django_assert_max_num_queries(30) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    make()
    with_one = count()
    for _ in range(24):
        make()
    assert count() == with_one


# --- dates as people type them -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("2026-12-31", datetime.date(2026, 12, 31)),
        ("2026.12.31", datetime.date(2026, 12, 31)),
        ("2026.12.31.", datetime.date(2026, 12, 31)),
        ("31.12.2026", datetime.date(2026, 12, 31)),
    ],
)
def test_absence_dates_in_the_formats_lithuanians_type(typed, saved, head, stand_in, client_for):
    response = client_for(head).post(
        CREATE_ABSENCE, absence_data(head, stand_in, "2026-12-20", typed)
    )
    assert response.status_code == 302
    assert Absence.objects.get().ends_on == saved


@pytest.mark.parametrize("typed", ["31/12/2026", "12/31/2026", "rytoj", "2026-13-01"])
def test_a_date_that_cannot_be_read_is_refused_not_rewritten(typed, head, stand_in, client_for):
    response = client_for(head).post(
        CREATE_ABSENCE, absence_data(head, stand_in, "2026-12-20", typed)
    )
    assert response.status_code == 200
    assert message_in("lt", "Enter the date as 2026-12-31 or 2026.12.31.") in (
        response.content.decode()
    )
    assert not Absence.objects.exists()


def test_the_date_picker_keeps_what_was_typed(head, client_for):
    """The picker replaced unreadable text with today's date on blur; the admin turns that off."""
    html = client_for(head).get(CREATE_ABSENCE).content.decode()
    script = re.search(r'<script src="([^"]*cms/date-inputs\.js[^"]*)"', html)
    assert script, "the admin does not load cms/date-inputs.js"
    picker_position = html.index("jquery.datetimepicker.js")
    assert picker_position < html.index(script.group(1)) < html.index("initDateChooser(")
    source = finders.find("cms/date-inputs.js")
    with open(source, encoding="utf-8") as handle:
        assert "validateOnBlur = false" in handle.read()
