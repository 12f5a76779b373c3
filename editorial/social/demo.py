"""Demo content for social publishing: channels that work without any network account.

A manual channel (copy-ready package) lets a new user try the whole loop offline:
write, submit, approve, then publish by hand and mark it as published. API channels
are created inactive and without a token: connecting them is the specialist's job.
"""

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


def _add_image(post):
    image = demo_image(DRAFT_IMAGE_TITLE, DRAFT_IMAGE_ALT)
    post.images.add(PostImage(image=image, alt_text=DRAFT_IMAGE_ALT))


def _is_untouched_imageless_draft(post):
    if post.live or post.workflow_in_progress or post.revisions.count() != 1:
        return False
    return not post.get_latest_revision_as_object().images.exists()
