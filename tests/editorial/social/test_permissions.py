"""Who may do what with social posts, channels and deliveries, through the real admin.

The matrix: role × action → allowed or denied. A denied request changes nothing.
Then the moderation rules: the specialist can neither publish nor schedule without
the head's approval, nobody approves their own post, and approving a post whose
time is in the future schedules it.
"""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from editorial.social.factories import ChannelFactory, SocialPostFactory
from editorial.social.models import Channel, Delivery, SocialPost
from editorial.social.networks import Network

pytestmark = pytest.mark.django_db

Status = Delivery.Status
ROLES = ["specialist", "head", "administration", "other_department", "anonymous"]


@pytest.fixture
def users(specialist, head, administration_user, other_department_user):
    return {
        "specialist": specialist,
        "head": head,
        "administration": administration_user,
        "other_department": other_department_user,
        "anonymous": None,
    }


@pytest.fixture
def channels(db):
    return [
        ChannelFactory(network=Network.MASTODON, name="Mastodon", api_base="https://m.example"),
        ChannelFactory(network=Network.FACEBOOK, name="Facebook", account_id="1001"),
    ]


@pytest.fixture
def world(specialist, channels):
    """A draft post by the specialist, a failed delivery and one waiting for a person."""
    post = SocialPostFactory(title="Vasaros skaitymai", channels=channels, author=specialist)
    post.save_revision(user=specialist)
    sent = SocialPostFactory(title="Knygų mugė", channels=channels, author=specialist, live=True)
    manual_channel = ChannelFactory(network=Network.MANUAL, name="Naujienlaiškis", token="")
    now = timezone.now()
    failed = Delivery.objects.create(
        post=sent,
        channel=channels[0],
        status=Status.FAILED,
        scheduled_for=now,
        attempts=8,
        error_kind=Delivery.ErrorKind.TEMPORARY,
        error_message="Tinklas laikinai nepasiekiamas",
    )
    manual = Delivery.objects.create(
        post=sent, channel=manual_channel, status=Status.MANUAL, scheduled_for=now
    )
    return {"post": post, "failed": failed, "manual": manual, "channel": channels[0]}


def edit_data(post, action=None, **fields):
    """The edit form of `post` as the browser submits it (no images or versions)."""
    data = nested_form_data(
        {
            "title": post.title,
            "text": post.text,
            "link": post.link,
            "add_utm": "on" if post.add_utm else "",
            "utm_campaign": post.utm_campaign,
            "tags": "",
            "go_live_at": "",
            "expire_at": "",
            "images": inline_formset([]),
            "variants": inline_formset([]),
            **fields,
        }
    )
    data["channels"] = [str(pk) for pk in post.channels.values_list("pk", flat=True)]
    if action:
        data[action] = "1"
    return data


def post_url(name, post=None):
    args = [post.pk] if post is not None else []
    return reverse(f"wagtailsnippets_social_socialpost:{name}", args=args)


# ------------------------------------------------------------------ the matrix
# Each action: (request, did it take effect?). `did` is checked after an allowed
# request; after a denied one it must be False (nothing changed).


def _list_posts(client, world):
    return client.get(post_url("list")), None


def _add_post(client, world):
    data = edit_data(world["post"], title="Naujas įrašas")
    response = client.post(post_url("add"), data)
    return response, lambda: SocialPost.objects.filter(title="Naujas įrašas").exists()


def _edit_post(client, world):
    post = world["post"]
    response = client.post(post_url("edit", post), edit_data(post, title="Pakeistas"))
    return response, lambda: post.revisions.order_by("-pk").first().as_object().title == "Pakeistas"


def _delete_post(client, world):
    post = world["post"]
    response = client.post(post_url("delete", post))
    return response, lambda: not SocialPost.objects.filter(pk=post.pk).exists()


def _channel_list(client, world):
    return client.get(reverse("social_channel_modeladmin_index")), None


def _channel_create(client, world):
    response = client.post(
        reverse("social_channel_modeladmin_create"),
        {
            "network": Network.MASTODON,
            "name": "Antra Mastodon paskyra",
            "handle": "@biblioteka@m.example",
            "account_id": "",
            "api_base": "https://m.example",
            "access_token": "naujas-raktas",
            "active": "on",
            "site": "",
        },
    )
    return response, lambda: Channel.objects.filter(name="Antra Mastodon paskyra").exists()


def _channel_edit(client, world):
    channel = world["channel"]
    response = client.post(
        reverse("social_channel_modeladmin_edit", args=[channel.pk]),
        {
            "network": channel.network,
            "name": "Pervadinta",
            "handle": channel.handle,
            "account_id": channel.account_id,
            "api_base": channel.api_base,
            "access_token": "",
            "active": "on",
            "site": "",
        },
    )
    return response, lambda: Channel.objects.get(pk=channel.pk).name == "Pervadinta"


def _delivery_list(client, world):
    return client.get(reverse("social_delivery_modeladmin_index")), None


def _delivery_inspect(client, world):
    url = reverse("social_delivery_modeladmin_inspect", args=[world["failed"].pk])
    return client.get(url), None


def _retry(client, world):
    delivery = world["failed"]
    response = client.post(reverse("social_delivery_retry", args=[delivery.pk]))
    return response, lambda: Delivery.objects.get(pk=delivery.pk).status == Status.PENDING


def _mark_posted(client, world):
    delivery = world["manual"]
    response = client.post(
        reverse("social_delivery_mark_posted", args=[delivery.pk]),
        {"url": "https://naujienos.example/vasaros-skaitymai"},
    )
    return response, lambda: Delivery.objects.get(pk=delivery.pk).status == Status.SENT


ACTIONS = {
    "list posts": (_list_posts, {"specialist", "head", "administration"}),
    "add post": (_add_post, {"specialist", "head"}),
    "edit post": (_edit_post, {"specialist", "head"}),
    "delete post": (_delete_post, {"head"}),
    "channel list": (_channel_list, {"specialist", "head"}),
    "channel create": (_channel_create, {"specialist", "head"}),
    "channel edit": (_channel_edit, {"specialist", "head"}),
    "delivery list": (_delivery_list, {"specialist", "head", "administration"}),
    "delivery inspect": (_delivery_inspect, {"specialist", "head", "administration"}),
    "retry delivery": (_retry, {"specialist", "head"}),
    "mark posted": (_mark_posted, {"specialist", "head"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(action, role, users, world, client_for, assert_denied):
    perform, allowed_roles = ACTIONS[action]
    response, took_effect = perform(client_for(users[role]), world)

    if role in allowed_roles:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert response["Location"] != reverse("wagtailadmin_home")
            assert not response["Location"].startswith(reverse("wagtailadmin_login"))
        if took_effect is not None:
            assert took_effect(), f"{role} was allowed to {action} but nothing happened"
    else:
        assert_denied(response, anonymous=role == "anonymous")
        if took_effect is not None:
            assert not took_effect(), f"{role} could {action}"


def test_denied_retry_leaves_the_delivery_as_it_was(world, other_department_user, client_for):
    delivery = world["failed"]
    before = Delivery.objects.values().get(pk=delivery.pk)

    client_for(other_department_user).post(reverse("social_delivery_retry", args=[delivery.pk]))

    assert Delivery.objects.values().get(pk=delivery.pk) == before


def test_inspect_offers_retry_only_to_those_who_may(
    world, client_for, specialist, administration_user
):
    url = reverse("social_delivery_modeladmin_inspect", args=[world["failed"].pk])
    retry_url = reverse("social_delivery_retry", args=[world["failed"].pk])

    assert retry_url in client_for(specialist).get(url).content.decode()
    assert retry_url not in client_for(administration_user).get(url).content.decode()


# ------------------------------------------------------------------ publishing and approving


def test_specialist_cannot_publish_directly(specialist, channels, client_for):
    post = SocialPostFactory(channels=channels, author=specialist)
    post.save_revision(user=specialist)
    client = client_for(specialist)

    assert 'name="action-publish"' not in client.get(post_url("edit", post)).content.decode()
    client.post(post_url("edit", post), edit_data(post, action="action-publish"))

    post.refresh_from_db()
    assert not post.live
    assert post.live_revision is None
    assert not Delivery.objects.exists()


def test_specialist_cannot_schedule_without_approval(specialist, channels, client_for):
    post = SocialPostFactory(channels=channels, author=specialist)
    post.save_revision(user=specialist)
    tomorrow = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")

    client_for(specialist).post(
        post_url("edit", post), edit_data(post, action="action-publish", go_live_at=tomorrow)
    )

    post.refresh_from_db()
    assert not post.live
    assert not Revision.objects.filter(
        object_id=str(post.pk), approved_go_live_at__isnull=False
    ).exists()
    assert not Delivery.objects.exists()
    call_command("publish_scheduled")
    assert not Delivery.objects.exists()


def test_head_may_publish_directly(specialist, head, channels, client_for):
    # The counterpart of the specialist's refusal: the same request, by a head.
    post = SocialPostFactory(channels=channels, author=specialist)
    post.save_revision(user=specialist)

    response = client_for(head).post(
        post_url("edit", post), edit_data(post, action="action-publish")
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.live
    assert Delivery.objects.filter(post=post).count() == 2


@pytest.fixture
def submitted(specialist, head, channels, client_for):
    """A post the specialist wrote and submitted through the editor.

    `head` heads the specialist's department: without a head, Administration would be
    the one to decide (docs/permissions.md, Moderation).
    """
    post = SocialPostFactory(channels=channels, author=specialist)
    post.save_revision(user=specialist)
    client_for(specialist).post(post_url("edit", post), edit_data(post, action="action-submit"))
    post.refresh_from_db()
    assert post.workflow_in_progress
    return post


def approve_in_editor(client, post, **fields):
    data = edit_data(post, action="action-workflow-action", **fields)
    data["workflow-action-name"] = "approve"
    return client.post(post_url("edit", post), data)


@pytest.mark.parametrize(
    ("approver", "allowed"),
    [
        ("head", True),
        ("specialist", False),  # the author: no self-approval, and not a moderator
        ("second_specialist", False),
        ("administration_user", False),
        ("other_department_user", False),
    ],
)
def test_approving_a_submitted_post(request, submitted, client_for, approver, allowed):
    user = request.getfixturevalue(approver)
    client = client_for(user)

    edit_page = client.get(post_url("edit", submitted)).content.decode()
    assert ('data-workflow-action-name="approve"' in edit_page) is allowed
    approve_in_editor(client, submitted)

    submitted.refresh_from_db()
    assert submitted.live is allowed
    assert Delivery.objects.filter(post=submitted).count() == (2 if allowed else 0)
    state = WorkflowState.objects.get(object_id=str(submitted.pk))
    expected = WorkflowState.STATUS_APPROVED if allowed else WorkflowState.STATUS_IN_PROGRESS
    assert state.status == expected


def test_head_cannot_approve_their_own_post(head, channels, client_for):
    post = SocialPostFactory(channels=channels, author=head)
    post.save_revision(user=head)
    client = client_for(head)
    client.post(post_url("edit", post), edit_data(post, action="action-submit"))
    post.refresh_from_db()
    assert post.workflow_in_progress

    assert (
        'data-workflow-action-name="approve"'
        not in client.get(post_url("edit", post)).content.decode()
    )
    approve_in_editor(client, post)

    post.refresh_from_db()
    assert not post.live
    assert post.workflow_in_progress
    assert not Delivery.objects.exists()


def test_approving_a_post_for_later_schedules_it(specialist, head, channels, client_for):
    soon = timezone.now() + timedelta(seconds=3)
    post = SocialPostFactory(channels=channels, author=specialist, go_live_at=soon)
    post.save_revision(user=specialist)
    post.get_workflow().start(post, specialist)

    # The head approves in the editor; the form keeps the time (to the minute, so
    # send it as the object has it by leaving the field unchanged in the POST).
    data = edit_data(post, action="action-workflow-action")
    data["go_live_at"] = timezone.localtime(soon).strftime("%Y-%m-%d %H:%M:%S")
    data["workflow-action-name"] = "approve"
    response = client_for(head).post(post_url("edit", post), data)
    assert response.status_code == 302

    post.refresh_from_db()
    assert not post.live
    scheduled = Revision.objects.get(object_id=str(post.pk), approved_go_live_at__isnull=False)
    assert abs(scheduled.approved_go_live_at - soon) < timedelta(minutes=1)
    assert not Delivery.objects.exists()
    call_command("publish_scheduled")  # too early: nothing happens
    assert not Delivery.objects.exists()

    with time_machine.travel(scheduled.approved_go_live_at + timedelta(seconds=1)):
        call_command("publish_scheduled")

    post.refresh_from_db()
    assert post.live
    assert sorted(Delivery.objects.filter(post=post).values_list("channel__name", flat=True)) == [
        "Facebook",
        "Mastodon",
    ]
