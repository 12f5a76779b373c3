"""The "Notifications" tab of the account settings: Sklaida's preferences, not Wagtail's.

Each person edits only their own; unknown kinds, unknown modes and hostile values are
refused with a Lithuanian message and nothing changed.
"""

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from cms import roles
from cms.models import EmailMode, NotificationPreference, NotificationSchedule
from cms.notification_events import notification_events
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

PREFIX = "sklaida_notifications-"
APPROVED = PREFIX + "event__moderation__approved"
SUBMITTED = PREFIX + "event__moderation__submitted"
HOUR = PREFIX + "digest_hour"
URL = "/admin/account/"


def account_form(client):
    response = client.get(reverse("wagtailadmin_account"))
    assert response.status_code == 200
    return form_data(response.content.decode())


def preferences_of(user):
    rows = NotificationPreference.objects.filter(user=user).values_list("event", "mode")
    schedule = NotificationSchedule.objects.filter(user=user).values_list("digest_hour", flat=True)
    profile = UserProfile.get_for_user(user)
    return dict(rows), list(schedule), profile.updated_comments_notifications, user.first_name


@pytest.fixture
def other_has_chosen(head):
    NotificationPreference.objects.create(user=head, event="moderation.approved", mode="off")
    NotificationSchedule.objects.create(user=head, digest_hour=6)
    return preferences_of(head)


def test_the_account_url_is_ours():
    assert reverse("wagtailadmin_account") == URL


def test_the_tab_lists_every_kind_in_lithuanian_and_not_wagtails_switches(specialist, client_for):
    html = client_for(specialist).get(URL).content.decode()
    assert "Pranešimų nustatymai" in html
    for label in ("Jūsų darbas patvirtintas", "Paprašyta pakeitimų", "Pakeistas kanalas"):
        assert label in html
    assert "Iš karto" in html and "Dienos santraukoje" in html and "Nesiųsti el. paštu" in html
    assert "Dienos santraukos laikas" in html
    # Wagtail's own panel (its fields are prefixed "notifications-") is gone.
    assert 'name="notifications-approved_notifications"' not in html
    assert 'name="notifications-submitted_notifications"' not in html
    data = account_form(client_for(specialist))
    expected = {PREFIX + "event__" + code.replace(".", "__") for code in notification_events()}
    assert expected <= set(data)
    assert data[APPROVED] == "immediate" and data[HOUR] == "8"


@pytest.mark.parametrize(
    "role", [roles.SPECIALISTS, roles.HEADS, roles.ADMINISTRATION, roles.OTHER_DEPARTMENTS]
)
def test_every_role_sets_their_own_preferences(role, role_users, client_for, other_has_chosen):
    user = role_users[role]
    client = client_for(user)
    data = account_form(client)
    data[APPROVED] = "digest"
    data[SUBMITTED] = "off"
    data[HOUR] = "7"
    response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rows, hours, *_ = preferences_of(user)
    assert rows["moderation.approved"] == EmailMode.DAILY_DIGEST
    assert rows["moderation.submitted"] == EmailMode.OFF
    assert hours == [7]
    assert preferences_of(role_users[roles.HEADS]) == other_has_chosen or role == roles.HEADS


def test_saving_again_changes_the_choice_without_duplicates(specialist, client_for):
    client = client_for(specialist)
    for mode in ("digest", "off", "immediate"):
        data = account_form(client)
        data[APPROVED] = mode
        assert client.post(URL, data).status_code == 302
    assert NotificationPreference.objects.get(
        user=specialist, event="moderation.approved"
    ).mode == ("immediate")
    assert NotificationPreference.objects.filter(user=specialist).count() == len(
        notification_events()
    )


def test_the_comment_switch_of_wagtail_moves_here(specialist, client_for):
    client = client_for(specialist)
    data = account_form(client)
    data.pop(PREFIX + "comment_emails", None)  # an unticked box is not sent
    assert client.post(URL, data).status_code == 302
    assert UserProfile.get_for_user(specialist).updated_comments_notifications is False


def test_anonymous_is_sent_to_the_login(client_for):
    response = client_for(None).post(URL, {APPROVED: "off"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not NotificationPreference.objects.exists()


def test_a_forged_user_id_changes_only_the_senders_own(
    specialist, head, client_for, other_has_chosen
):
    client = client_for(specialist)
    data = account_form(client)
    data.update({APPROVED: "digest", "user": head.pk, "user_id": head.pk, "pk": head.pk})
    assert client.post(URL, data).status_code == 302
    assert preferences_of(head) == other_has_chosen
    assert NotificationPreference.objects.get(
        user=specialist, event="moderation.approved"
    ).mode == ("digest")


BAD = [
    ({PREFIX + "user": "2"}, "Formoje nurodyta pranešimų rūšis neegzistuoja"),
    ({PREFIX + "event__assignments__unknown": "off"}, "Formoje nurodyta pranešimų rūšis"),
    ({PREFIX + "event__../../etc/passwd": "off"}, "Formoje nurodyta pranešimų rūšis"),
    ({APPROVED: "weekly"}, "Pasirinkite vieną iš pateiktų variantų."),
    ({APPROVED: "<script>alert(1)</script>"}, "Pasirinkite vieną iš pateiktų variantų."),
    ({APPROVED: ""}, "Šis laukas yra privalomas"),
    ({HOUR: "24"}, "Pasirinkite vieną iš pateiktų variantų."),
    ({HOUR: "-1"}, "Pasirinkite vieną iš pateiktų variantų."),
    ({HOUR: "8; DROP TABLE cms_notice"}, "Pasirinkite vieną iš pateiktų variantų."),
    ({HOUR: "9" * 5000}, "Pasirinkite vieną iš pateiktų variantų."),
]


@pytest.mark.parametrize("bad, error", BAD)
def test_bad_input_is_refused_in_lithuanian_and_changes_nothing(specialist, client_for, bad, error):
    client = client_for(specialist)
    data = account_form(client)
    data["name_email-first_name"] = "Pakeistas"  # another panel's change: also not saved
    data[SUBMITTED] = "off"
    data.update(bad)
    before = preferences_of(specialist)
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    assert "<script>alert(1)" not in html
    specialist.refresh_from_db()
    assert preferences_of(specialist) == before
