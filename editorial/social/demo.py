"""Demo content for social publishing: channels that work without any network account.

A manual channel (copy-ready package) lets a new user try the whole loop offline:
write, submit, approve, then publish by hand and mark it as published. API channels
are created inactive and without a token: connecting them is the specialist's job.
"""

from datetime import timedelta

from django.utils import timezone

from cms.demo import demo_image

from .models import Channel, PostImage, SocialPost
from .networks import Network

# name, network, handle, account ID, active
CHANNELS = [
    ("Bibliotekos TikTok", Network.TIKTOK, "@biblioteka", "", True),
    (
        "Bibliotekos Facebook",
        Network.FACEBOOK,
        "https://www.facebook.com/biblioteka",
        "100000000000001",
        False,
    ),
]

DRAFT_TITLE = "Vasaros skaitymų pradžia"
DRAFT_TEXT = (
    "Vasaros skaitymai prasideda! Užsukite į biblioteką, išsirinkite knygą ir "
    "dalyvaukite skaitymo iššūkyje. #VasarosSkaitymai"
)
# TikTok publishes photo posts only: the draft needs an image to be submitted.
DRAFT_IMAGE_TITLE = "Vasaros skaitymai"
DRAFT_IMAGE_ALT = "Knygų nugarėlės lentynoje ant mėlyno fono – vasaros skaitymų ženklas"


def build_social(demo):
    channels = []
    for name, network, handle, account_id, active in CHANNELS:
        channel, _created = Channel.objects.get_or_create(
            name=name,
            network=network,
            defaults={
                "handle": handle,
                "account_id": account_id,
                "active": active,
                "site": demo.site,
            },
        )
        channels.append(channel)
    post = SocialPost.objects.filter(title=DRAFT_TITLE).first()
    if post is None:
        post = SocialPost(
            title=DRAFT_TITLE,
            text=DRAFT_TEXT,
            link="https://www.biblioteka.example/renginiai/vasaros-skaitymai",
            utm_campaign="vasaros-skaitymai",
            author=demo.users.get("specialistas"),
            live=False,
        )
        post.channels.set([channels[0]])  # a parental relation: saved with the post
        _add_image(post)
        post.save()
        post.save_revision(user=post.author)
    elif _is_untouched_imageless_draft(post):
        # A demo loaded before the draft had its image could never be submitted.
        draft = post.get_latest_revision_as_object()
        _add_image(draft)
        draft.save()
        draft.save_revision(user=post.author)
    build_my_work_examples(demo, channels[0])
    build_calendar_posts(demo, channels[0])


# Posts that came back from the head, so the specialist's "My work" (Mano darbai) has
# something in several sections: title, text, the head's decision, its comment.
MY_WORK_EXAMPLES = [
    (
        "Bibliotekos naktis: kvietimas",
        "Kviečiame į Bibliotekos naktį! Ekskursijos po saugyklas, žaidimai ir skaitymai "
        "prie žvakių. #BibliotekosNaktis",
        "reject",  # "request changes" in Wagtail's words
        "Patikslinkite renginio pradžios laiką ir pridėkite registracijos nuorodą.",
    ),
    (
        "Senų knygų mainai",
        "Atneškite perskaitytą knygą ir išsirinkite kitą! Mainai vyks bibliotekos fojė.",
        "decline",
        "Šią akciją jau skelbėme praėjusį mėnesį. Geriau pasiūlykite naują temą.",
    ),
    (
        "Kūrybinės dirbtuvės vaikams",
        "Šeštadienį kviečiame vaikus į kūrybines dirbtuves: kursime knygų skirtukus. #Biblioteka",
        "approve",  # approved for a time a week ahead: "scheduled"
        "",
    ),
]


def build_my_work_examples(demo, channel):
    """Moderated through the real approval task, as the head would, once per title."""
    author, head = demo.users.get("specialistas"), demo.users.get("vadovas")
    if author is None or head is None:
        return
    for title, text, action, comment in MY_WORK_EXAMPLES:
        if SocialPost.objects.filter(title=title).exists():
            continue
        post = SocialPost(title=title, text=text, author=author, live=False)
        if action == "approve":
            post.go_live_at = (timezone.now() + timedelta(days=7)).replace(
                hour=10, minute=0, second=0, microsecond=0
            )
        post.channels.set([channel])
        _add_image(post)
        post.save()
        post.save_revision(user=author)
        post.get_workflow().start(post, author)
        post.refresh_from_db()
        task_state = post.current_workflow_task_state
        task_state.task.specific.on_action(task_state, head, action, comment=comment)


def _add_image(post):
    image = demo_image(DRAFT_IMAGE_TITLE, DRAFT_IMAGE_ALT)
    post.images.add(PostImage(image=image, alt_text=DRAFT_IMAGE_ALT))


def _is_untouched_imageless_draft(post):
    if post.live or post.workflow_in_progress or post.revisions.count() != 1:
        return False
    return not post.get_latest_revision_as_object().images.exists()


# Posts planned this month, so the editorial calendar has something to show:
# (title, text, days from today, hour, state). "scheduled" is approved by the head.
CALENDAR_POSTS = [
    (
        "Knygų klubo susitikimas",
        "Ketvirtadienį 17 val. knygų klubas aptaria naują romaną. Laukiame visų! #KnyguKlubas",
        1,
        10,
        "draft",
    ),
    (
        "Naujos knygos lentynose",
        "Šią savaitę bibliotekoje – 40 naujų knygų vaikams ir suaugusiems. #Naujienos",
        3,
        12,
        "in_moderation",
    ),
    (
        "Kompiuterinio raštingumo kursai senjorams",
        "Kviečiame senjorus į nemokamus kompiuterinio raštingumo kursus. Registracija "
        "bibliotekoje. #Mokymai",
        5,
        9,
        "scheduled",
    ),
]


def calendar_day(offset, today=None):
    """A day `offset` days ahead, kept inside this month when the month has room left
    (the calendar opens on this month); never today or earlier."""
    import calendar as pycalendar
    from datetime import timedelta

    from django.utils import timezone

    today = today or timezone.localdate()
    last = today.replace(day=pycalendar.monthrange(today.year, today.month)[1])
    day = min(today + timedelta(days=offset), last)
    return day if day > today else today + timedelta(days=offset)


def build_calendar_posts(demo, channel):
    from datetime import datetime, time

    from django.utils import timezone

    author, head = demo.users.get("specialistas"), demo.users.get("vadovas")
    for title, text, offset, hour, state in CALENDAR_POSTS:
        if SocialPost.objects.filter(title=title).exists():
            continue
        when = timezone.make_aware(datetime.combine(calendar_day(offset), time(hour)))
        post = SocialPost(title=title, text=text, author=author, live=False, go_live_at=when)
        post.channels.set([channel])
        _add_image(post)
        post.save()
        post.save_revision(user=author)
        if state == "draft":
            continue
        post.get_workflow().start(post, author)
        if state == "scheduled" and head is not None:
            post.refresh_from_db()
            task_state = post.current_workflow_state.current_task_state
            task_state.task.specific.on_action(task_state, head, "approve")
