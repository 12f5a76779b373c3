"""Rubrics in the admin: the editor, bad cadences refused in Lithuanian, the role matrix,
the register's filters and query budget, the next slots, and a post started from a slot."""

import html
from datetime import date, datetime, time

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data

from cms import roles
from editorial.campaigns.cadence import VILNIUS
from editorial.campaigns.factories import RubricFactory
from editorial.campaigns.models import Rubric
from editorial.social.factories import ChannelFactory
from editorial.social.models import SocialPost

pytestmark = pytest.mark.django_db

S, H, A, OD = roles.SPECIALISTS, roles.HEADS, roles.ADMINISTRATION, roles.OTHER_DEPARTMENTS
LIST = "wagtailsnippets_campaigns_rubric:list"
ADD = "wagtailsnippets_campaigns_rubric:add"
EDIT = "wagtailsnippets_campaigns_rubric:edit"
INSPECT = "wagtailsnippets_campaigns_rubric:inspect"
ACTION = "wagtailsnippets_campaigns_rubric:workflow_action"
POST_ADD = "wagtailsnippets_social_socialpost:add"
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=VILNIUS)  # a Wednesday


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def data(channels=(), action="action-submit", **fields):
    values = {
        "name": "Knygų rekomendacija penktadieniais",
        "description": "Kas penktadienį – viena knyga.",
        "cadence": "weekly",
        "monthly_ordinal": "",
        "monthly_weekday": "",
        "custom_dates": "",
        "time_of_day": "10:00",
        "start_date": "2026-12-01",
        "end_date": "",
        "flag_days_ahead": "3",
        "template_text": "Šios savaitės knyga:",
        "default_hashtags": "#KnygųRekomendacija",
        "owner": "",
    }
    values.update(fields)
    body = nested_form_data(values)
    body["channels"] = [str(channel.pk) for channel in channels]
    body["weekdays"] = fields.get("weekdays", ["4"])
    if action:
        body[action] = "1"
    return body


def snapshot():
    return (
        sorted(Rubric.objects.values_list("pk", "name", "live", "weekdays", "cadence")),
        WorkflowState.objects.count(),
    )


def text(response):
    return html.unescape(response.content.decode())


def test_the_moderation_workflow_is_assigned_to_rubrics_by_migration():
    workflow = Rubric().get_workflow()
    assert workflow is not None and workflow.active


# --- the permission matrix -----------------------------------------------------------------


@pytest.mark.parametrize(("role", "may"), [(S, True), (H, True), (A, False), (OD, False)])
def test_specialists_and_heads_write_and_submit_rubrics(role, may, role_users, client_for):
    channel = ChannelFactory(name="Bibliotekos Facebook")
    before = snapshot()
    user = role_users[role]
    response = client_for(user).post(reverse(ADD), data(channels=[channel], owner=user.pk))
    if may:
        assert response.status_code == 302, text(response)[:3000]
        rubric = Rubric.objects.get()
        assert rubric.weekdays == "4" and rubric.workflow_in_progress and not rubric.live
        assert list(rubric.channels.all()) == [channel]
    else:
        assert response.status_code in (302, 403)
        assert snapshot() == before


@pytest.mark.parametrize(("role", "sees"), [(S, True), (H, True), (A, True), (OD, False)])
def test_the_register_is_for_the_department_and_administration(role, sees, role_users, client_for):
    RubricFactory(name="Archyvo lobiai")
    response = client_for(role_users[role]).get(reverse(LIST))
    assert ("Archyvo lobiai" in text(response)) is sees
    assert (response.status_code == 200) is sees


@pytest.mark.parametrize(("role", "may"), [(S, False), (H, True), (A, False), (OD, False)])
def test_only_the_head_approves(role, may, role_users, client_for, specialist):
    rubric = RubricFactory(name="Archyvo lobiai", owner=specialist, live=False)
    rubric.save_revision(user=specialist)
    rubric.get_workflow().start(rubric, specialist)
    rubric.refresh_from_db()
    before = snapshot()
    task_state = rubric.current_workflow_task_state
    url = reverse(ACTION, args=(rubric.pk, "approve", task_state.pk))
    response = client_for(role_users[role]).post(url, {"comment": ""})
    rubric.refresh_from_db()
    if may:
        assert rubric.live
    else:
        assert response.status_code in (302, 403)
        assert snapshot() == before and not rubric.live


@pytest.mark.parametrize(("role", "may"), [(S, True), (H, True), (A, False), (OD, False)])
def test_who_may_change_a_rubric(role, may, role_users, client_for, specialist):
    rubric = RubricFactory(name="Archyvo lobiai", owner=specialist, live=False)
    rubric.save_revision(user=specialist)
    before = snapshot()
    response = client_for(role_users[role]).post(
        reverse(EDIT, args=[rubric.pk]),
        data(name="Pervadinta", action=None, owner=specialist.pk),
    )
    rubric = Rubric.objects.get(pk=rubric.pk)
    if may:
        assert response.status_code == 302, text(response)[:2000]
        assert rubric.get_latest_revision_as_object().name == "Pervadinta"
    else:
        assert response.status_code in (302, 403)
        assert snapshot() == before
        assert rubric.get_latest_revision_as_object().name == "Archyvo lobiai"


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"weekdays": []}, "Pasirinkite bent vieną savaitės dieną"),
        ({"cadence": "monthly", "monthly_weekday": "1"}, "Pasirinkite, kelintą mėnesio"),
        ({"cadence": "monthly", "monthly_ordinal": "7", "monthly_weekday": "1"}, "7"),
        ({"cadence": "custom"}, "Nurodykite bent vieną datą"),
        ({"cadence": "custom", "custom_dates": "2026-12-10\nrytoj"}, "„rytoj“ nėra data"),
        ({"end_date": "2026-11-01"}, "Pabaigos data yra ankstesnė"),
        ({"cadence": "custom", "custom_dates": "2025-01-10"}, "per ateinančius metus"),
        ({"start_date": "2028-06-01"}, "per ateinančius metus"),
        ({"flag_days_ahead": "400"}, "60"),
    ],
)
def test_a_bad_cadence_is_refused_in_lithuanian_and_nothing_is_saved(
    fields, message, specialist, client_for
):
    before = snapshot()
    with translation.override("lt"):
        response = client_for(specialist).post(reverse(ADD), data(**fields))
    assert response.status_code == 200
    assert message in text(response)
    assert snapshot() == before


def test_saving_a_draft_also_checks_the_cadence(specialist, client_for):
    response = client_for(specialist).post(reverse(ADD), data(weekdays=[], action=None))
    assert response.status_code == 200
    assert not Rubric.objects.exists()


# --- the register and the editor -----------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 4, 30])
def test_the_register_costs_the_same_at_1_and_30_rows(
    rows, head, specialist, client_for, django_assert_max_num_queries
):
    channels = [ChannelFactory(), ChannelFactory()]
    for number in range(rows):
        rubric = RubricFactory(name=f"Rubrika {number}", owner=specialist, channels=channels)
        rubric.save_revision(user=specialist)
        if number % 3 == 1:
            rubric.get_workflow().start(rubric, specialist)
    client = client_for(head)
    client.get(reverse(LIST))
    # the register (fixed), plus the moderation queue's count in a head's menu (fixed once
    # anything waits: 23 with nothing in moderation, 27 from one waiting item to thirty)
    with django_assert_max_num_queries(27):
        response = client.get(reverse(LIST))
    assert response.status_code == 200


def test_the_register_filters_by_channel_owner_and_state(specialist, head, client_for):
    facebook, instagram = ChannelFactory(name="FB"), ChannelFactory(name="IG")
    RubricFactory(name="Penktadienio knyga", owner=specialist, channels=[facebook])
    RubricFactory(name="Archyvo lobiai", owner=head, channels=[instagram], live=False)
    client = client_for(head)

    def names(**query):
        body = text(client.get(reverse(LIST), query))
        return {name for name in ("Penktadienio knyga", "Archyvo lobiai") if name in body}

    assert names(channels=facebook.pk) == {"Penktadienio knyga"}
    assert names(owner=head.pk) == {"Archyvo lobiai"}
    assert names(state="approved") == {"Penktadienio knyga"}
    assert names(state="draft") == {"Archyvo lobiai"}


def test_the_editor_and_inspect_view_show_the_next_five_slots(specialist, client_for):
    rubric = RubricFactory(name="Penktadienio knyga", owner=specialist)
    rubric.save_revision(user=specialist)
    client = client_for(specialist)
    with translation.override("lt"):
        edit = text(client.get(reverse(EDIT, args=[rubric.pk])))
        inspect = text(client.get(reverse(INSPECT, args=[rubric.pk])))
    fridays = ["2026-12-04", "2026-12-11", "2026-12-18", "2026-12-25", "2027-01-01"]
    for day in fridays:
        assert day in edit and day in inspect
    assert "2027-01-08" not in edit


def test_the_rubric_field_is_in_the_post_editor(specialist, client_for):
    body = text(client_for(specialist).get(reverse(POST_ADD)))
    assert 'name="rubric"' in body


# --- a post of a rubric ----------------------------------------------------------------------


def test_a_post_opened_from_a_slot_starts_from_the_rubric(specialist, client_for):
    facebook = ChannelFactory(name="Bibliotekos Facebook")
    rubric = RubricFactory(
        name="Penktadienio knyga",
        owner=specialist,
        channels=[facebook],
        template_text="Šios savaitės knyga: „...“",
        default_hashtags="#KnygųRekomendacija",
    )
    slot = datetime.combine(date(2026, 12, 4), time(10), tzinfo=VILNIUS)
    response = client_for(specialist).get(
        reverse(POST_ADD), {"rubric": rubric.pk, "slot": slot.isoformat()}
    )
    body = text(response)
    assert "Šios savaitės knyga: „...“\n\n#KnygųRekomendacija" in body
    assert 'value="Penktadienio knyga – 2026-12-04"' in body
    assert f'name="channels" value="{facebook.pk}" id="id_channels_0" checked' in body
    assert "2026-12-04 10:00" in body


def test_a_forged_slot_or_rubric_is_ignored(specialist, client_for):
    rubric = RubricFactory(name="Penktadienio knyga", owner=specialist, template_text="Šablonas")
    client = client_for(specialist)
    thursday = datetime(2026, 12, 3, 10, tzinfo=VILNIUS).isoformat()
    body = text(client.get(reverse(POST_ADD), {"rubric": rubric.pk, "slot": thursday}))
    assert "Šablonas" in body and "2026-12-03 10:00" not in body
    for bad in ({"rubric": "999999"}, {"rubric": "<script>"}, {"rubric": rubric.pk, "slot": "x"}):
        assert client.get(reverse(POST_ADD), bad).status_code == 200


def test_a_new_post_with_a_rubric_and_no_text_gets_the_template(specialist, client_for):
    from tests.editorial.social.test_admin_posts import post_data

    channel = ChannelFactory()
    rubric = RubricFactory(
        name="Penktadienio knyga", template_text="Šios savaitės knyga:", default_hashtags="#Knygos"
    )
    response = client_for(specialist).post(
        reverse(POST_ADD), post_data(channels=[channel], text="", rubric=rubric.pk)
    )
    assert response.status_code == 302, text(response)[:3000]
    post = SocialPost.objects.get()
    assert post.rubric == rubric
    assert post.text == "Šios savaitės knyga:\n\n#Knygos"


def test_a_post_with_its_own_text_keeps_it(specialist, client_for):
    from tests.editorial.social.test_admin_posts import post_data

    rubric = RubricFactory(template_text="Šablonas")
    response = client_for(specialist).post(
        reverse(POST_ADD),
        post_data(channels=[ChannelFactory()], text="Mano tekstas", rubric=rubric.pk),
    )
    assert response.status_code == 302
    assert SocialPost.objects.get().text == "Mano tekstas"
