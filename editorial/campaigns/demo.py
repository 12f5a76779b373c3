"""Demo rubrics (Lithuanian), approved through the real approval task, and one post
of the first rubric in its next slot. Idempotent: looked up by name and title."""

from datetime import timedelta

from django.utils import timezone

from editorial.social.models import Channel, SocialPost
from editorial.social.networks import Network

from . import cadence as cadence_rules
from .models import Rubric

FACEBOOK_PAGE = "https://www.facebook.com/biblioteka"
# name, network, handle, account ID (created inactive, without credentials)
CHANNELS = [
    ("Bibliotekos Facebook", Network.FACEBOOK, FACEBOOK_PAGE, "100000000000001"),
    ("Bibliotekos Instagram", Network.INSTAGRAM, "@biblioteka", "17841400000000001"),
]

BOOKS = "Knygų rekomendacija penktadieniais"
ARCHIVE = "Archyvo lobiai"

RUBRICS = [
    {
        "name": BOOKS,
        "description": "Kiekvieną penktadienį bibliotekininkai rekomenduoja po vieną knygą.",
        "cadence": cadence_rules.WEEKLY,
        "weekdays": "4",
        "default_hashtags": "#KnygųRekomendacija #Biblioteka",
        "template_text": "Šio penktadienio rekomendacija: „[pavadinimas]“, [autorius]. "
        "Kodėl verta perskaityti: [keli sakiniai].",
        "channels": ["Bibliotekos Facebook", "Bibliotekos Instagram"],
    },
    {
        "name": ARCHIVE,
        "description": "Pirmąjį mėnesio antradienį parodome retą leidinį ar dokumentą iš archyvo.",
        "cadence": cadence_rules.MONTHLY,
        "monthly_ordinal": 1,
        "monthly_weekday": 1,
        "default_hashtags": "#ArchyvoLobiai",
        "template_text": "Iš bibliotekos archyvo: [leidinys], [metai]. [Istorija apie jį].",
        "channels": ["Bibliotekos Facebook"],
    },
]

POST_TITLE = "Penktadienio knyga: „Altorių šešėly“"
POST_TEXT = (
    "Šio penktadienio rekomendacija: „Altorių šešėly“, Vincas Mykolaitis-Putinas. "
    "Kodėl verta perskaityti: romanas apie žmogaus pašaukimą ir laisvę, "
    "vis dar aktualus.\n\n#KnygųRekomendacija #Biblioteka"
)


def build_rubrics(demo):
    channels = {}
    for name, network, handle, account_id in CHANNELS:
        channels[name], _created = Channel.objects.get_or_create(
            name=name,
            network=network,
            defaults={
                "handle": handle,
                "account_id": account_id,
                "active": False,
                "site": demo.site,
            },
        )
    author, head = demo.users.get("specialistas"), demo.users.get("vadovas")
    rubrics = {}
    for spec in RUBRICS:
        spec = dict(spec)
        names = spec.pop("channels")
        rubric = Rubric.objects.filter(name=spec["name"]).first()
        if rubric is None:
            rubric = Rubric(**spec, owner=author, start_date=timezone.localdate(), live=False)
            rubric.channels.set([channels[name] for name in names])
            rubric.save()
            rubric.save_revision(user=author)
            _approve(rubric, author, head)
        rubrics[rubric.name] = rubric
    _build_post(rubrics[BOOKS], channels["Bibliotekos Facebook"], author)


def _approve(rubric, author, head):
    if author is None or head is None:
        return
    rubric.get_workflow().start(rubric, author)
    rubric.refresh_from_db()
    task_state = rubric.current_workflow_task_state
    task_state.task.specific.on_action(task_state, head, "approve")


def _build_post(rubric, channel, author):
    if SocialPost.objects.filter(title=POST_TITLE).exists():
        return
    slots = rubric.next_slots(count=1, after=timezone.now() + timedelta(hours=1))
    post = SocialPost(
        title=POST_TITLE,
        text=POST_TEXT,
        author=author,
        live=False,
        rubric=rubric,
        go_live_at=slots[0] if slots else None,
    )
    post.channels.set([channel])
    post.save()
    post.save_revision(user=author)
