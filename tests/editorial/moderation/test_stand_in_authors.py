"""Standing in for an absent specialist (duty 15), both inside and outside the absence.

The deputy sees the absent person's items in My work, marked with their name, and may
edit and resubmit them; every save and submission is logged "on behalf of" in the
item's history. The absence ends by itself: the day after `ends_on` nothing of it is
left (time-machine). A deputy who could not write what the absent person writes is
refused, by the absence form and by the editor, and the refusal changes nothing.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry, PageLogEntry, WorkflowState

from cms import roles
from cms.factories import AbsenceFactory
from cms.models import Absence
from editorial.moderation.stand_in import ON_BEHALF_EDIT, deputy_can_carry_on
from editorial.social.models import SocialPost
from tests.editorial.moderation import my_work_helpers as make
from tests.html_forms import form_data
from tests.lithuanian import lt

pytestmark = pytest.mark.django_db

VILNIUS = ZoneInfo("Europe/Vilnius")
MONDAY = date(2026, 12, 7)
FRIDAY = date(2026, 12, 11)
EDIT = "wagtailsnippets_social_socialpost:edit"


def noon(day):
    return datetime(day.year, day.month, day.day, 12, tzinfo=VILNIUS)


@pytest.fixture
def absence(specialist, second_specialist):
    return AbsenceFactory(
        person=specialist,
        deputy=second_specialist,
        starts_on=MONDAY,
        ends_on=FRIDAY,
        reason=Absence.Reason.VACATION,
    )


@pytest.fixture
def returned_post(specialist, head):
    with time_machine.travel(noon(MONDAY - timedelta(days=3))):
        return make.changes_requested(specialist, head, "Nurodykite renginio laiką.", "Skaitymai")


def my_work(client_for, user):
    return client_for(user).get("/admin/my-work/").content.decode()


def resubmit(client_for, user, post, text):
    client = client_for(user)
    response = client.get(reverse(EDIT, args=[post.pk]))
    if response.status_code != 200:
        return response
    data = form_data(response.content.decode())
    data["text"] = text
    data["action-submit"] = "1"
    return client.post(reverse(EDIT, args=[post.pk]), data)


def on_behalf_entries(post):
    return list(
        ModelLogEntry.objects.for_instance(post).filter(action=ON_BEHALF_EDIT).order_by("pk")
    )


def test_inside_the_absence_the_deputy_sees_the_items_and_the_banner(
    client_for, absence, returned_post, second_specialist
):
    with time_machine.travel(noon(MONDAY)):
        html = my_work(client_for, second_specialist)
    assert "Skaitymai" in html
    assert "Nurodykite renginio laiką." in html
    assert lt("on behalf of %(name)s", name="Jonas Petrauskas") in html
    assert (
        lt(
            "You stand in for %(names)s until %(date)s.",
            names="Jonas Petrauskas",
            date="2026-12-11",
        )
        in html
    )


def test_the_deputy_resubmits_and_the_history_says_on_behalf_of(
    client_for, absence, returned_post, second_specialist
):
    with time_machine.travel(noon(MONDAY + timedelta(days=1))):
        response = resubmit(client_for, second_specialist, returned_post, "Skaitymai 18 val.")
    assert response.status_code == 302, response.content[:500]
    returned_post.refresh_from_db()
    state = returned_post.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    # The submission stays the absent author's: it comes back to them in My work.
    assert state.requested_by_id == absence.person_id
    assert returned_post.get_latest_revision_as_object().text == "Skaitymai 18 val."
    [entry] = on_behalf_entries(returned_post)
    assert entry.user_id == second_specialist.pk
    assert entry.data["action"] == "submit"
    assert entry.data["on_behalf_of"]["name"] == "Jonas Petrauskas"
    history = client_for(second_specialist).get(
        reverse("wagtailsnippets_social_socialpost:history", args=[returned_post.pk])
    )
    message = "Submitted for moderation on behalf of %(name)s (standing in during absence)"
    assert lt(message, name="Jonas Petrauskas") in history.content.decode()


def test_a_plain_save_is_logged_too(client_for, absence, specialist, second_specialist):
    with time_machine.travel(noon(MONDAY - timedelta(days=1))):
        post = make.draft(specialist, "Nebaigtas juodraštis")
    with time_machine.travel(noon(FRIDAY)):  # the last day still counts
        client = client_for(second_specialist)
        data = form_data(client.get(reverse(EDIT, args=[post.pk])).content.decode())
        data["text"] = "Papildytas tekstas"
        response = client.post(reverse(EDIT, args=[post.pk]), data)
    assert response.status_code == 302
    [entry] = on_behalf_entries(post)
    assert entry.data["action"] == "save"


def test_the_day_after_the_absence_it_is_over(
    client_for, absence, returned_post, second_specialist
):
    with time_machine.travel(noon(FRIDAY + timedelta(days=1))):
        html = my_work(client_for, second_specialist)
        response = resubmit(client_for, second_specialist, returned_post, "Vėliau pakeista")
    assert "Skaitymai" not in html
    assert 'class="help-block help-info my-work-stand-in"' not in html
    # The deputy is a specialist: editing a colleague's post is their role's own right
    # (cms/roles.py), but it is no longer standing in, so nothing is logged on behalf.
    assert response.status_code == 302
    assert on_behalf_entries(returned_post) == []


def test_before_the_absence_nothing_is_shown(client_for, absence, returned_post, second_specialist):
    with time_machine.travel(noon(MONDAY - timedelta(days=1))):
        html = my_work(client_for, second_specialist)
    assert "Skaitymai" not in html
    assert 'class="help-block help-info my-work-stand-in"' not in html


def test_the_absent_person_still_sees_their_own_items_without_a_mark(
    client_for, absence, returned_post, specialist
):
    with time_machine.travel(noon(MONDAY)):
        html = my_work(client_for, specialist)
    assert "Skaitymai" in html
    assert "my-work-on-behalf" not in html


# --- a deputy who could not write the absent person's work --------------------------------


def test_the_absence_form_refuses_a_deputy_who_cannot_write(specialist, other_department_user):
    problem = deputy_can_carry_on(specialist, other_department_user)
    assert problem is not None
    absence = Absence(
        person=specialist,
        deputy=other_department_user,
        starts_on=MONDAY,
        ends_on=FRIDAY,
        reason=Absence.Reason.VACATION,
    )
    with pytest.raises(ValidationError) as refused:
        absence.full_clean()
    assert str(problem) in refused.value.message_dict["deputy"]


def test_a_specialist_or_a_head_may_stand_in_for_a_specialist(specialist, second_specialist, head):
    assert deputy_can_carry_on(specialist, second_specialist) is None
    assert deputy_can_carry_on(specialist, head) is None


def test_the_head_standing_in_for_a_specialist_resubmits_on_their_behalf(
    client_for, specialist, head, second_head
):
    """A head of another department as the deputy edits with the head's own rights."""
    AbsenceFactory(person=specialist, deputy=second_head, starts_on=MONDAY, ends_on=FRIDAY)
    with time_machine.travel(noon(MONDAY - timedelta(days=3))):
        post = make.changes_requested(specialist, head, "Trumpiau.", "Skaitymai")
    with time_machine.travel(noon(MONDAY)):
        assert "Skaitymai" in my_work(client_for, second_head)
        response = resubmit(client_for, second_head, post, "Trumpesnis tekstas")
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    [entry] = on_behalf_entries(post)
    assert entry.user_id == second_head.pk and entry.data["action"] == "submit"


@pytest.mark.parametrize("role", [roles.ADMINISTRATION, roles.OTHER_DEPARTMENTS])
@pytest.mark.parametrize("day", [MONDAY, FRIDAY + timedelta(days=1)])
def test_a_deputy_without_the_right_is_refused_and_nothing_changes(
    client_for, assert_denied, role_users, specialist, head, role, day
):
    """An absence made past the form (e.g. before this rule) grants nothing."""
    deputy = role_users[role]
    with time_machine.travel(noon(MONDAY - timedelta(days=3))):
        post = make.changes_requested(specialist, head, "Trumpiau.", "Skaitymai")
    AbsenceFactory(person=specialist, deputy=deputy, starts_on=MONDAY, ends_on=FRIDAY)
    revisions = post.revisions.count()
    client = client_for(deputy)
    with time_machine.travel(noon(day)):
        assert_denied(client.get(reverse(EDIT, args=[post.pk])))
        assert_denied(
            client.post(reverse(EDIT, args=[post.pk]), {"text": "Įsilaužta", "action-submit": "1"})
        )
        assert_denied(client.get("/admin/my-work/"))
    post.refresh_from_db()
    assert post.revisions.count() == revisions
    assert post.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert SocialPost.objects.filter(text="Įsilaužta").count() == 0
    assert on_behalf_entries(post) == []


def test_the_deputy_saving_an_absent_colleagues_page_is_logged(
    client_for, absence, specialist, second_specialist, standard_page_factory, page_post_data
):
    with time_machine.travel(noon(MONDAY - timedelta(days=1))):
        page = standard_page_factory(title="Renginių kalendorius", live=False, owner=specialist)
    with time_machine.travel(noon(MONDAY)):
        response = client_for(second_specialist).post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            page_post_data(page, title="Renginių kalendorius 2027"),
        )
    assert response.status_code == 302, response.content[:300]
    [entry] = PageLogEntry.objects.filter(page=page, action=ON_BEHALF_EDIT)
    assert entry.user_id == second_specialist.pk
    assert entry.data["on_behalf_of"]["id"] == specialist.pk


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("save", "Saved on behalf of %(name)s (standing in during absence)"),
        ("submit", "Submitted for moderation on behalf of %(name)s (standing in during absence)"),
        ("restart", "Moderation restarted on behalf of %(name)s (standing in during absence)"),
        ("cancel", "Moderation cancelled on behalf of %(name)s (standing in during absence)"),
    ],
)
def test_the_history_names_the_act_and_the_absent_person(action, message):
    from editorial.moderation.stand_in import format_on_behalf_edit

    data = {"action": action, "on_behalf_of": {"id": 1, "name": "Jonas Petrauskas"}}
    with translation.override("lt"):
        assert format_on_behalf_edit(data) == lt(message, name="Jonas Petrauskas")


@pytest.mark.parametrize("data", [{}, {"action": "save"}, {"on_behalf_of": None}, None])
def test_a_damaged_log_entry_still_reads(data):
    from editorial.moderation.stand_in import format_on_behalf_edit

    assert str(format_on_behalf_edit(data or {}))
