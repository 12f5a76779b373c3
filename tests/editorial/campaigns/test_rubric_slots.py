"""Rubric slots on the editorial calendar and in My work: planned, filled by a post of the
rubric on the same local day, flagged when empty a few days ahead; query budgets."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from cms import roles
from editorial.campaigns import services
from editorial.campaigns.cadence import VILNIUS
from editorial.campaigns.calendar import RubricSlotCalendarSource
from editorial.campaigns.factories import RubricFactory
from editorial.campaigns.my_work import RubricGapsSection
from editorial.social.factories import ChannelFactory, SocialPostFactory
from editorial.social.models import Delivery

pytestmark = pytest.mark.django_db

S, H, A, OD = roles.SPECIALISTS, roles.HEADS, roles.ADMINISTRATION, roles.OTHER_DEPARTMENTS
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=VILNIUS)  # a Wednesday; Friday is the 4th
FRIDAY = datetime(2026, 12, 4, 10, 0, tzinfo=VILNIUS)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def window(days=31):
    start = datetime(2026, 12, 1, tzinfo=VILNIUS)
    return start, start + timedelta(days=days)


def entries(user, days=31):
    return RubricSlotCalendarSource().entries(user, *window(days))


def test_a_weekly_rubric_has_a_slot_each_friday_and_the_near_one_is_flagged(specialist):
    RubricFactory(name="Penktadienio knyga", owner=specialist, flag_days_ahead=3)
    found = entries(specialist)
    assert [e.starts_at for e in found] == [FRIDAY + timedelta(days=7 * n) for n in range(4)]
    assert [e.state for e in found] == ["no_post", "planned", "planned", "planned"]
    with translation.override("lt"):
        assert str(RubricSlotCalendarSource().entries(specialist, *window())[0].state_label) == (
            "Nėra įrašo"
        )
    first = found[0]
    assert first.kind == "rubric_slot" and first.title == "Penktadienio knyga"
    assert first.key == f"rubric:{first.extra['rubric_id']}:slot:2026-12-04"
    assert first.channel_id is None  # a plan, not a post: no channel gap is closed
    assert "rubric=" in first.url and "slot=" in first.url


def test_a_post_of_the_rubric_on_the_same_local_day_fills_the_slot(specialist):
    rubric = RubricFactory(name="Penktadienio knyga", owner=specialist)
    # 00:30 on Saturday in Vilnius is still Friday in UTC: it must not fill Friday.
    SocialPostFactory(
        title="Šeštadienio naktį",
        rubric=rubric,
        go_live_at=datetime(2026, 12, 5, 0, 30, tzinfo=VILNIUS),
    )
    SocialPostFactory(
        title="Penktadienio knyga: romanas",
        rubric=rubric,
        go_live_at=datetime(2026, 12, 11, 18, 0, tzinfo=VILNIUS),
    )
    found = {e.starts_at.date(): e for e in entries(specialist)}
    assert found[date(2026, 12, 4)].state == "no_post"
    filled = found[date(2026, 12, 11)]
    assert filled.state == "filled" and filled.extra["post"] == "Penktadienio knyga: romanas"
    assert filled.url == reverse(
        "wagtailsnippets_social_socialpost:edit", args=[filled.extra["post_id"]]
    )


def test_a_live_post_fills_by_its_delivery_and_a_post_of_another_rubric_does_not(specialist):
    rubric = RubricFactory(name="Penktadienio knyga", owner=specialist)
    other = RubricFactory(name="Kita rubrika", weekdays="0")
    channel = ChannelFactory()
    live = SocialPostFactory(title="Jau paskelbta", rubric=rubric, live=True, channels=[channel])
    Delivery.objects.create(
        post=live, channel=channel, status=Delivery.Status.SENT, scheduled_for=FRIDAY,
        sent_at=FRIDAY + timedelta(minutes=2),
    )  # fmt: skip
    SocialPostFactory(title="Kitos rubrikos", rubric=other, go_live_at=FRIDAY + timedelta(days=7))
    found = {(e.title, e.starts_at.date()): e.state for e in entries(specialist, days=14)}
    assert found[("Penktadienio knyga", date(2026, 12, 4))] == "filled"
    assert found[("Penktadienio knyga", date(2026, 12, 11))] == "planned"


def test_an_approved_time_of_a_scheduled_post_counts(specialist, head):
    rubric = RubricFactory(name="Penktadienio knyga", owner=specialist)
    post = SocialPostFactory(title="Suplanuota", rubric=rubric, channels=[ChannelFactory()])
    post.go_live_at = FRIDAY
    revision = post.save_revision(user=specialist)
    revision.publish(user=head, skip_permission_checks=True)  # scheduled, not yet live
    post.refresh_from_db()
    assert not post.live
    assert entries(specialist, days=7)[0].state == "filled"


def test_only_approved_rubrics_have_slots_and_past_empty_ones_are_missed(specialist):
    RubricFactory(name="Juodraštis", live=False)
    RubricFactory(name="Penktadienio knyga", start_date=date(2026, 11, 1))
    found = RubricSlotCalendarSource().entries(
        specialist, datetime(2026, 11, 20, tzinfo=VILNIUS), datetime(2026, 12, 5, tzinfo=VILNIUS)
    )
    assert {e.title for e in found} == {"Penktadienio knyga"}
    assert [e.state for e in found] == ["missed", "missed", "no_post"]


@pytest.mark.parametrize(("role", "sees"), [(S, True), (H, True), (A, True), (OD, False)])
def test_who_sees_slots_on_the_calendar(role, sees, role_users, client_for):
    RubricFactory(name="Penktadienio knyga")
    assert bool(entries(role_users[role])) is sees
    html = client_for(role_users[role]).get(reverse("moderation_calendar")).content.decode()
    assert ("Penktadienio knyga" in html) is sees
    if sees:
        assert "sk-cal-state-no_post" in html


def test_a_reader_without_the_right_to_write_posts_gets_the_rubric_link(administration_user):
    rubric = RubricFactory(name="Penktadienio knyga")
    url = entries(administration_user)[0].url
    assert url == reverse("wagtailsnippets_campaigns_rubric:edit", args=[rubric.pk])


@pytest.mark.parametrize("rubrics", [1, 30])
def test_the_source_answers_with_fixed_queries(rubrics, specialist, django_assert_max_num_queries):
    channels = [ChannelFactory(), ChannelFactory()]
    for number in range(rubrics):
        rubric = RubricFactory(name=f"Rubrika {number}", channels=channels)
        SocialPostFactory(rubric=rubric, go_live_at=FRIDAY + timedelta(hours=2))
    entries(specialist)  # warm the permission and content type caches
    specialist = type(specialist).objects.get(pk=specialist.pk)
    with django_assert_max_num_queries(8):
        found = entries(specialist)
    assert len(found) == 4 * rubrics


@pytest.mark.parametrize("rubrics", [1, 30])
def test_the_calendar_page_budget_holds_with_rubrics(
    rubrics, specialist, client_for, django_assert_max_num_queries
):
    for number in range(rubrics):
        RubricFactory(name=f"Rubrika {number}", channels=[ChannelFactory()])
    client = client_for(specialist)
    client.get(reverse("moderation_calendar"))
    # the calendar's own budget (tests/editorial/moderation/test_calendar_views.py) plus
    # the rubric source's fixed queries
    with django_assert_max_num_queries(30):
        response = client.get(reverse("moderation_calendar"))
    assert response.status_code == 200


# --- My work --------------------------------------------------------------------------------


def test_my_work_lists_my_empty_slots_flagged_first_with_the_next_action(
    specialist, head, client_for
):
    weekly = RubricFactory(name="Penktadienio knyga", owner=specialist, flag_days_ahead=3)
    RubricFactory(name="Vadovo rubrika", owner=head, weekdays="0")
    monday = RubricFactory(name="Pirmadienio citata", owner=specialist, weekdays="0")
    SocialPostFactory(rubric=weekly, go_live_at=FRIDAY + timedelta(days=7, hours=3))
    items = RubricGapsSection().items(specialist, [specialist])
    assert [(i.title, i.when.date()) for i in items] == [
        ("Penktadienio knyga", date(2026, 12, 4)),  # flagged: within three days
        ("Pirmadienio citata", date(2026, 12, 7)),
        ("Pirmadienio citata", date(2026, 12, 14)),
    ]
    assert items[0].overdue and not items[1].overdue
    assert items[1].next_action_url.startswith(reverse("wagtailsnippets_social_socialpost:add"))
    assert f"rubric={monday.pk}" in items[1].next_action_url

    with translation.override("lt"):
        html = client_for(specialist).get("/admin/my-work/").content.decode()
    start = html.index('id="my-work-rubric_gaps"')
    section = html[start : html.index("</section>", start)]
    assert "Rubrikų tarpai" in section and "Sukurti įrašą" in section
    assert "Nėra įrašo" in section and "Vadovo rubrika" not in section


def test_the_next_action_opens_a_prefilled_post(specialist, client_for):
    RubricFactory(name="Penktadienio knyga", owner=specialist, template_text="Knyga savaitei")
    item = RubricGapsSection().items(specialist, [specialist])[0]
    body = client_for(specialist).get(item.next_action_url).content.decode()
    assert "Knyga savaitei" in body and "2026-12-04 10:00" in body


def test_my_work_shows_nothing_to_a_role_without_rubrics(other_department_user):
    RubricFactory(owner=other_department_user)
    assert RubricGapsSection().items(other_department_user, [other_department_user]) == []


@pytest.mark.parametrize("rubrics", [1, 30])
def test_my_work_section_answers_with_fixed_queries(
    rubrics, specialist, django_assert_max_num_queries
):
    for number in range(rubrics):
        rubric = RubricFactory(name=f"Rubrika {number}", owner=specialist)
        SocialPostFactory(rubric=rubric, go_live_at=FRIDAY + timedelta(hours=1))
    RubricGapsSection().items(specialist, [specialist])
    specialist = type(specialist).objects.get(pk=specialist.pk)
    with django_assert_max_num_queries(8):
        items = RubricGapsSection().items(specialist, [specialist])
    assert len(items) == min(rubrics, 10) + (1 if rubrics > 10 else 0)


def test_dst_slots_stay_at_ten_on_the_calendar(specialist):
    with time_machine.travel(datetime(2026, 3, 20, 9, tzinfo=VILNIUS), tick=False):
        RubricFactory(name="Penktadienio knyga", start_date=date(2026, 3, 1))
        found = RubricSlotCalendarSource().entries(
            specialist,
            datetime(2026, 3, 20, tzinfo=VILNIUS),
            datetime(2026, 4, 4, tzinfo=VILNIUS),
        )
    assert [e.starts_at.astimezone(VILNIUS).time() for e in found] == [time(10)] * 3


def test_next_slots_with_posts(specialist):
    rubric = RubricFactory(name="Penktadienio knyga")
    SocialPostFactory(rubric=rubric, title="Pirmoji", go_live_at=FRIDAY)
    slots = services.next_slots_with_posts(rubric)
    assert len(slots) == 5 and slots[0].post_title == "Pirmoji"
