"""The pre-publish checklist: each rule kind, required vs recommended, the live
endpoint and submission giving the same verdict, the head's approval, the rule
register's role matrix (refused changes change nothing) and its query budget."""

import html

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Site, WorkflowState

from cms import roles
from cms.factories import DepartmentFactory, StaffProfileFactory, UserFactory
from editorial.campaigns.checklist import evaluate, site_for_post
from editorial.campaigns.factories import RubricFactory
from editorial.campaigns.models import BrandKit, ChecklistRule
from editorial.social.factories import ChannelFactory, ImageFactory, SocialPostFactory, jpeg_file
from editorial.social.models import PostImage, SocialPost
from editorial.social.networks import Network
from tests.editorial.social.test_admin_posts import post_data

pytestmark = pytest.mark.django_db

S, H, A, OD = roles.SPECIALISTS, roles.HEADS, roles.ADMINISTRATION, roles.OTHER_DEPARTMENTS
Kind, Level = ChecklistRule.Kind, ChecklistRule.Level
ADD_POST = "wagtailsnippets_social_socialpost:add"
RULES_LIST = "wagtailsnippets_campaigns_checklistrule:list"
RULES_ADD = "wagtailsnippets_campaigns_checklistrule:add"
RULES_EDIT = "wagtailsnippets_campaigns_checklistrule:edit"
RULES_DELETE = "wagtailsnippets_campaigns_checklistrule:delete"
LIVE = "campaigns_checklist"


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def kit(site):
    kit = BrandKit.for_site(site)
    kit.standard_hashtags = "#SkaitykLietuviškai #Biblioteka"
    kit.save()
    return kit


@pytest.fixture
def mastodon(db):
    return ChannelFactory(network=Network.MASTODON, name="Mastodon", api_base="https://m.example")


def rule(site, kind, level=Level.REQUIRED, **fields):
    return ChecklistRule.objects.create(site=site, kind=kind, level=level, **fields)


def verdict_of(post, channels, site, one_rule):
    (verdict,) = evaluate(post, channels, site, rules=[one_rule])
    return verdict


def unsaved(text="Kviečiame į skaitymus.", images=(), **fields):
    post = SocialPost(text=text, **fields)
    post.images = [PostImage(image=image, alt_text=alt) for image, alt in images]
    post.variants = []
    return post


# ------------------------------------------------------------------ rule kinds (unit)


def test_alt_text_rule(site):
    check = rule(site, Kind.ALT_TEXT)
    image = ImageFactory()
    assert verdict_of(unsaved(images=[(image, "Skaitytojai")]), [], site, check).passed
    failed = verdict_of(unsaved(images=[(image, "Skaitytojai"), (image, "  ")]), [], site, check)
    assert not failed.passed and failed.blocking
    assert "1" in failed.message and "2" in failed.message


def test_hashtag_rule_accepts_the_kits_or_the_rubrics_tag(site, kit):
    check = rule(site, Kind.HASHTAG, Level.RECOMMENDED)
    assert verdict_of(unsaved("Skaitome! #skaityklietuviškai"), [], site, check).passed
    missing = verdict_of(unsaved("Skaitome! #kita"), [], site, check)
    assert not missing.passed and not missing.blocking  # recommended: a warning only
    assert "#SkaitykLietuviškai" in missing.message
    rubric = RubricFactory(default_hashtags="#ArchyvoLobiai")
    assert verdict_of(unsaved("Iš archyvo #ArchyvoLobiai", rubric=rubric), [], site, check).passed


def test_hashtag_rule_without_any_hashtag_to_choose_says_so(site):
    verdict = verdict_of(unsaved("#Biblioteka"), [], site, rule(site, Kind.HASHTAG))
    assert not verdict.passed
    assert "užpildykite komunikacinio įvaizdžio rinkinį" in verdict.message


def test_utm_link_rule(site):
    check = rule(site, Kind.UTM_LINK)
    assert not verdict_of(unsaved(link=""), [], site, check).passed
    assert not verdict_of(unsaved(link="https://b.lt/", add_utm=False), [], site, check).passed
    assert verdict_of(unsaved(link="https://b.lt/", add_utm=True), [], site, check).passed
    tagged = unsaved(link="https://b.lt/?utm_source=fb", add_utm=False)
    assert verdict_of(tagged, [], site, check).passed


def test_image_ratio_rule_only_for_its_network(site, mastodon):
    instagram = ChannelFactory(network=Network.INSTAGRAM, name="Instagram", account_id="17")
    check = rule(
        site, Kind.IMAGE_RATIO, network=Network.INSTAGRAM, min_ratio="0.8", max_ratio="1.91"
    )
    wide = ImageFactory(file=jpeg_file(size=(300, 100)))  # 3.00
    portrait = ImageFactory(file=jpeg_file(size=(108, 135)))  # 0.80 exactly
    post = unsaved(images=[(wide, "Panorama")])
    assert verdict_of(post, [mastodon], site, check).passed  # no Instagram channel chosen
    failed = verdict_of(post, [instagram], site, check)
    assert not failed.passed and "3.00" in failed.message
    assert verdict_of(unsaved(images=[(portrait, "Portretas")]), [instagram], site, check).passed


def test_campaign_or_rubric_rule(site):
    check = rule(site, Kind.CAMPAIGN_OR_RUBRIC)
    assert not verdict_of(unsaved(), [], site, check).passed
    assert verdict_of(unsaved(rubric=RubricFactory()), [], site, check).passed


def test_text_length_band(site):
    check = rule(site, Kind.TEXT_LENGTH, min_chars=10, max_chars=20)
    assert not verdict_of(unsaved("Trumpas"), [], site, check).passed
    assert verdict_of(unsaved("Tinkamo ilgio"), [], site, check).passed
    too_long = verdict_of(unsaved("Per ilgas tekstas šiam ruožui"), [], site, check)
    assert not too_long.passed and "20" in too_long.message


def test_banned_words_whole_words_any_case_also_in_versions(site, mastodon):
    check = rule(site, Kind.BANNED_WORDS, words="nemokamai\nskubiai")
    assert verdict_of(unsaved("Renginys nemokamas."), [], site, check).passed
    failed = verdict_of(unsaved("Renginys NEMOKAMAI!"), [], site, check)
    assert not failed.passed and "nemokamai" in failed.message
    post = SocialPostFactory(text="Švarus tekstas", channels=[mastodon])
    post.variants.create(channel=mastodon, text="Ateikite skubiai")
    assert not verdict_of(post, [mastodon], site, check).passed


def test_only_active_rules_of_the_posts_site_count(site, mastodon):
    other = Site.objects.create(hostname="kita.example", root_page=site.root_page)
    rule(site, Kind.BANNED_WORDS, words="nemokamai", active=False)
    rule(other, Kind.BANNED_WORDS, words="nemokamai")
    assert evaluate(unsaved("nemokamai"), [mastodon], site) == []
    # A channel of the other library makes its rules hold.
    theirs = ChannelFactory(network=Network.MASTODON, name="Kita", site=other)
    assert site_for_post(unsaved(), [theirs]) == other
    assert [v.blocking for v in evaluate(unsaved("nemokamai"), [theirs], other)] == [True]


def test_bad_rule_parameters_are_refused(site):
    for kind, fields, field in [
        (Kind.TEXT_LENGTH, {}, "min_chars"),
        (Kind.TEXT_LENGTH, {"min_chars": 50, "max_chars": 10}, "max_chars"),
        (Kind.BANNED_WORDS, {"words": "  \n "}, "words"),
        (Kind.IMAGE_RATIO, {"min_ratio": 1}, "network"),
    ]:
        with pytest.raises(Exception) as error:
            ChecklistRule(site=site, kind=kind, **fields).full_clean()
        assert field in error.value.message_dict


# ------------------------------------------------------------------ submission and live


def submit(client, channel, text, action="action-submit"):
    image = ImageFactory(title="Plakatas")
    return client.post(
        reverse(ADD_POST),
        post_data(
            channels=[channel],
            text=text,
            images=[{"image": image, "alt_text": "Renginio plakatas"}],
            action=action,
        ),
    )


def live(client, channel, text):
    image = ImageFactory(title="Plakatas")
    body = post_data(
        channels=[channel], text=text, images=[{"image": image, "alt_text": "Renginio plakatas"}]
    )
    return client.post(reverse(LIVE), body).json()


def test_a_required_rule_blocks_submission_in_lithuanian_and_nothing_is_saved(
    site, kit, mastodon, specialist, client_for
):
    rule(site, Kind.BANNED_WORDS, words="nemokamai")
    client = client_for(specialist)
    with translation.override("lt"):
        response = client.post(
            reverse(ADD_POST),
            post_data(channels=[mastodon], text="Viskas nemokamai!", action="action-submit"),
            HTTP_ACCEPT_LANGUAGE="lt",
        )
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert (
        "Patikros sąrašas: Jokių draudžiamų žodžių. Pašalinkite šiuos žodžius: nemokamai." in text
    )
    assert not SocialPost.objects.exists()
    assert not WorkflowState.objects.exists()


def test_a_saved_draft_stays_a_draft_when_submission_is_blocked(
    site, mastodon, specialist, client_for
):
    rule(site, Kind.BANNED_WORDS, words="nemokamai")
    post = SocialPostFactory(text="Viskas nemokamai!", channels=[mastodon], author=specialist)
    post.save_revision(user=specialist)
    response = client_for(specialist).post(
        reverse("wagtailsnippets_social_socialpost:edit", args=[post.pk]),
        post_data(channels=[mastodon], text="Viskas nemokamai!", action="action-submit"),
    )
    assert response.status_code == 200
    post.refresh_from_db()
    assert not post.live and post.current_workflow_state is None
    assert "nemokamai" in html.unescape(response.content.decode())


def test_a_recommended_rule_only_warns(site, kit, mastodon, specialist, client_for):
    rule(site, Kind.HASHTAG, Level.RECOMMENDED)
    client = client_for(specialist)
    verdicts = live(client, mastodon, "Be žymų")["verdicts"]
    assert [(v["required"], v["passed"]) for v in verdicts] == [(False, False)]
    response = submit(client, mastodon, "Be žymų")
    assert response.status_code == 302
    post = SocialPost.objects.get()
    assert post.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


@pytest.mark.parametrize(
    "text, blocked",
    [("Nemokamai ir be žymų", True), ("Skaitome kartu #Biblioteka", False)],
)
def test_the_live_endpoint_gives_the_submissions_verdict(
    text, blocked, site, kit, mastodon, specialist, client_for
):
    rule(site, Kind.BANNED_WORDS, words="nemokamai")
    rule(site, Kind.HASHTAG, Level.RECOMMENDED)
    client = client_for(specialist)
    answer = live(client, mastodon, text)
    assert bool(answer["blocking"]) is blocked
    assert answer["networks"] == ["mastodon"]
    response = submit(client, mastodon, text)
    page = html.unescape(response.content.decode()) if response.status_code == 200 else ""
    assert (response.status_code == 200) is blocked
    for verdict in answer["verdicts"]:
        if verdict["required"] and not verdict["passed"]:
            assert verdict["message"] in page
    assert SocialPost.objects.exists() is not blocked


def test_the_live_endpoint_refuses_who_may_not_write(
    site, mastodon, administration_user, client_for
):
    response = client_for(administration_user).post(reverse(LIVE), {})
    assert response.status_code == 403


def test_the_head_cannot_approve_a_post_that_breaks_a_rule_added_later(
    site, mastodon, specialist, head, client_for
):
    post = SocialPostFactory(text="Viskas nemokamai", channels=[mastodon], author=specialist)
    post.save_revision(user=specialist)
    state = post.get_workflow().start(post, specialist)
    rule(site, Kind.BANNED_WORDS, words="nemokamai")
    url = reverse(
        "wagtailsnippets_social_socialpost:workflow_action",
        args=[post.pk, "approve", state.current_task_state.pk],
    )
    response = client_for(head).post(url, {"comment": ""})
    assert response.status_code == 302
    post.refresh_from_db()
    assert not post.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


# ------------------------------------------------------------------ the rule register


def rule_data(site, **fields):
    data = {
        "site": site.pk,
        "kind": Kind.BANNED_WORDS,
        "level": Level.REQUIRED,
        "applies_to": "social_post",
        "active": "on",
        "min_chars": "",
        "max_chars": "",
        "words": "nemokamai",
        "network": "",
        "min_ratio": "",
        "max_ratio": "",
    }
    data.update(fields)
    return data


def snapshot():
    return list(ChecklistRule.objects.order_by("pk").values())


@pytest.mark.parametrize("role", [S, H, A, OD, None])
def test_rule_register_role_matrix(role, site, role_users, client_for, assert_denied):
    existing = rule(site, Kind.ALT_TEXT)
    client = client_for(role_users[role] if role else None)
    before = snapshot()

    listing = client.get(reverse(RULES_LIST))
    added = client.post(reverse(RULES_ADD), rule_data(site))
    edited = client.post(
        reverse(RULES_EDIT, args=[existing.pk]),
        rule_data(site, kind=Kind.ALT_TEXT, level=Level.RECOMMENDED, words=""),
    )
    deleted_before = snapshot()
    deleted = client.post(reverse(RULES_DELETE, args=[existing.pk]))

    if role == H:
        assert listing.status_code == 200
        for response in (added, edited, deleted):
            assert response.status_code == 302
            assert response["Location"] == reverse(RULES_LIST)
        assert deleted_before[0]["level"] == Level.RECOMMENDED  # the edit happened
        assert not ChecklistRule.objects.filter(pk=existing.pk).exists()
        assert ChecklistRule.objects.filter(kind=Kind.BANNED_WORDS).exists()
        return
    if role == S:
        assert listing.status_code == 200  # specialists read the rules
    else:
        assert_denied(listing, anonymous=role is None)
    for response in (added, edited, deleted):
        assert_denied(response, anonymous=role is None)
    assert snapshot() == before  # refused changes changed nothing


def test_a_head_of_another_library_neither_sees_nor_changes_its_rules(
    site, client_for, assert_denied
):
    other_site = Site.objects.create(hostname="kita.example", root_page=site.root_page)
    other_department = DepartmentFactory(name="Kitos bibliotekos skyrius", site=other_site)
    other_head = UserFactory(username="kitas-vadovas", roles=[H])
    StaffProfileFactory(user=other_head, department=other_department)
    mine = rule(site, Kind.ALT_TEXT)
    before = snapshot()
    client = client_for(other_head)

    listing = client.get(reverse(RULES_LIST))
    assert listing.status_code == 200 and f"/{mine.pk}/" not in listing.content.decode()
    assert_denied(client.post(reverse(RULES_EDIT, args=[mine.pk]), rule_data(site)))
    assert_denied(client.post(reverse(RULES_DELETE, args=[mine.pk])))
    # A forged site id is not among the choices: refused, nothing saved.
    forged = client.post(reverse(RULES_ADD), rule_data(site))
    assert forged.status_code == 200
    assert snapshot() == before


def test_a_rule_with_bad_parameters_is_refused_in_the_form(site, head, client_for):
    response = client_for(head).post(
        reverse(RULES_ADD),
        rule_data(site, kind=Kind.TEXT_LENGTH, words="", min_chars="90", max_chars="10"),
    )
    assert response.status_code == 200
    assert not ChecklistRule.objects.exists()


@pytest.mark.parametrize("rows", [1, 30])
def test_rule_register_query_budget(rows, site, head, client_for, django_assert_max_num_queries):
    for number in range(rows):
        rule(site, Kind.TEXT_LENGTH, min_chars=number)
    client = client_for(head)
    client.get(reverse(RULES_LIST))
    with django_assert_max_num_queries(24):
        response = client.get(reverse(RULES_LIST))
    assert response.status_code == 200
