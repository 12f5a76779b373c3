"""Demo content for social publishing: channels that work without any network account.

A manual channel (copy-ready package) lets a new user try the whole loop offline:
write, submit, approve, then publish by hand and mark it as published. API channels
are created inactive and without a token: connecting them is the specialist's job.
"""

from .models import Channel, SocialPost
from .networks import Network

# name, network, handle, active
CHANNELS = [
    ("Bibliotekos TikTok", Network.TIKTOK, "@biblioteka", True),
    ("Bibliotekos Facebook", Network.FACEBOOK, "https://www.facebook.com/biblioteka", False),
]

DRAFT_TITLE = "Vasaros skaitymų pradžia"
DRAFT_TEXT = (
    "Vasaros skaitymai prasideda! Užsukite į biblioteką, išsirinkite knygą ir "
    "dalyvaukite skaitymo iššūkyje. #VasarosSkaitymai"
)


def build_social(demo):
    channels = []
    for name, network, handle, active in CHANNELS:
        channel, _created = Channel.objects.get_or_create(
            name=name,
            network=network,
            defaults={"handle": handle, "active": active, "site": demo.site},
        )
        channels.append(channel)
    if not SocialPost.objects.filter(title=DRAFT_TITLE).exists():
        post = SocialPost(
            title=DRAFT_TITLE,
            text=DRAFT_TEXT,
            link="https://www.biblioteka.example/renginiai/vasaros-skaitymai",
            utm_campaign="vasaros-skaitymai",
            author=demo.users.get("specialistas"),
            live=False,
        )
        post.channels.set([channels[0]])  # a parental relation: saved with the post
        post.save()
        post.save_revision(user=post.author)
