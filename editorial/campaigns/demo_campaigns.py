"""Demo campaign (Lithuanian): a "Kampanijos" list under the home page and one running
campaign with KPI targets, published through the real approval task, and posts tied to
it (one approved and handed to the publishing pipeline, one draft). Idempotent: looked
up by slug and title; nothing an editor changed is overwritten."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import Page

from cms.demo import demo_image

from .models import CampaignIndexPage, CampaignKeyMessage, CampaignPage, CampaignPartner

INDEX_TITLE, INDEX_SLUG = "Kampanijos", "kampanijos"
INDEX_INTRO = (
    "<p>Bibliotekos komunikacinės kampanijos: ką šiuo metu kviečiame daryti kartu "
    "ir kas jau įvyko.</p>"
)
CAMPAIGN_TITLE, CAMPAIGN_SLUG = "Žiemos skaitymo iššūkis", "ziemos-skaitymo-issukis"
CAMPAIGN = {
    "goal": "<p>Per žiemą paskatinti šeimas skaityti kartu ir bent kartą per mėnesį "
    "apsilankyti bibliotekoje.</p>",
    "audience": "Šeimos su 7–12 metų vaikais, mokytojai ir mokyklų bibliotekininkai.",
    "utm_campaign": "ziemos-issukis",
    "target_reach": 20000,
    "target_engagement": 1500,
    "target_registrations": 300,
    "target_visits": 2500,
    "search_description": "Perskaitykite penkias knygas per žiemą ir laimėkite bibliotekos prizų.",
}
MESSAGES = [
    "Skaityti kartu – smagu visai šeimai.",
    "Penkios knygos per žiemą: skaitymo pasą gausite bibliotekoje.",
    "Dalyvauti nemokama, registruotis galima bet kuriame bibliotekos padalinyje.",
]
PARTNERS = [("Kauno rajono savivaldybės viešoji biblioteka", "")]
IMAGE_TITLE = "Žiemos skaitymo iššūkis"
IMAGE_ALT = "Vaikas su knyga po pledu prie žiemiško lango"

POSTS = [
    (
        "Žiemos iššūkis: kvietimas dalyvauti",
        "Prasideda žiemos skaitymo iššūkis! Perskaitykite penkias knygas iki kovo ir "
        "laimėkite prizų. Skaitymo pasą rasite bibliotekoje. #ŽiemosIššūkis",
        "approve",
    ),
    (
        "Žiemos iššūkis: pirmieji skaitytojai",
        "Jau daugiau nei šimtas šeimų skaito kartu! Prisijunkite ir jūs. #ŽiemosIššūkis",
        "draft",
    ),
]


def build_campaign(demo):
    specialist, head = demo.users.get("specialistas"), demo.users.get("vadovas")
    home = demo.site.root_page.specific
    # Only under the library's own home page, never under Wagtail's welcome page.
    if specialist is None or head is None or home.depth != 2 or type(home) is Page:
        return
    index = CampaignIndexPage.objects.child_of(home).first()
    if index is None:
        index = CampaignIndexPage(
            title=INDEX_TITLE, slug=INDEX_SLUG, intro=INDEX_INTRO, show_in_menus=True
        )
        home.add_child(instance=index)
        index.save_revision(user=head).publish(user=head)
    campaign = CampaignPage.objects.filter(slug=CAMPAIGN_SLUG).first()
    if campaign is None:
        campaign = _campaign(index, specialist, head)
    _posts(campaign, specialist, head)


def _campaign(index, specialist, head):
    from editorial.social.models import Channel

    today = timezone.localdate()
    campaign = CampaignPage(
        title=CAMPAIGN_TITLE,
        slug=CAMPAIGN_SLUG,
        owner=specialist,
        period_start=today - timedelta(days=7),
        period_end=today + timedelta(days=90),
        image=demo_image(IMAGE_TITLE, IMAGE_ALT, colour=(20, 70, 120), size=(1200, 630)),
        **CAMPAIGN,
    )
    campaign.key_messages = [CampaignKeyMessage(text=text) for text in MESSAGES]
    campaign.partners = [CampaignPartner(name=name, url=url) for name, url in PARTNERS]
    campaign.channels.set(Channel.objects.filter(name__startswith="Bibliotekos "))
    index.add_child(instance=campaign)
    # The specialist writes and submits it; the head approves it (publishes).
    campaign.save_revision(user=specialist)
    campaign.get_workflow().start(campaign, specialist)
    campaign.refresh_from_db()
    task_state = campaign.current_workflow_task_state
    task_state.task.specific.on_action(task_state, head, "approve")
    return CampaignPage.objects.get(pk=campaign.pk)


def _posts(campaign, specialist, head):
    from editorial.social.models import Channel, PostImage, SocialPost

    channel = Channel.objects.filter(is_manual_channel_filter()).order_by("pk").first()
    if channel is None:
        return
    image = demo_image(IMAGE_TITLE, IMAGE_ALT, colour=(20, 70, 120), size=(1200, 630))
    for title, text, action in POSTS:
        if SocialPost.objects.filter(title=title).exists():
            continue
        post = SocialPost(
            title=title,
            text=text,
            link=f"https://www.biblioteka.example/kampanijos/{campaign.slug}/",
            author=specialist,
            campaign=campaign,
            live=False,
        )
        post.channels.set([channel])
        post.images.add(PostImage(image=image, alt_text=IMAGE_ALT))
        post.save()
        post.save_revision(user=specialist)
        if action != "approve":
            continue
        post.get_workflow().start(post, specialist)
        post.refresh_from_db()
        task_state = post.current_workflow_task_state
        task_state.task.specific.on_action(task_state, head, "approve")


def is_manual_channel_filter():
    """Active channels that need no account (copy-ready packages): a demo can publish."""
    from django.db.models import Q

    from editorial.social.networks import RULES

    manual = [network for network, rule in RULES.items() if not rule.api]
    return Q(active=True, network__in=manual)
