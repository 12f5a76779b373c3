"""Demo content: the core part (locales, departments, one user per role) and the
registry through which other apps add theirs.

Apps add demo content with a Wagtail hook in their `wagtail_hooks.py`::

    @hooks.register("register_demo_content")
    def build_demo(demo):  # demo is a DemoContext
        ...

Builders must be idempotent: look things up by stable keys and create only what
is missing, never overwrite what an editor may have changed.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import Locale, Site
from wagtail.users.models import UserProfile

from .models import Department, StaffProfile
from .roles import ADMINISTRATION, HEADS, OTHER_DEPARTMENTS, SPECIALISTS

DEMO_HOOK = "register_demo_content"


def demo_password(username):
    """The documented demo password; load_demo refuses to run in production."""
    return f"demo-{username}-2026"


# code, name
DEPARTMENTS = [
    ("komunikacija", "Komunikacijos skyrius"),
    ("administracija", "Administracija"),
    ("vaiku-literatura", "Vaikų ir jaunimo literatūros skyrius"),
]

# username, first name, last name, role group, department code, position
USERS = [
    ("specialistas", "Rūta", "Petrauskienė", SPECIALISTS, "komunikacija",
     "Komunikacijos specialistė"),
    ("vadovas", "Tomas", "Kazlauskas", HEADS, "komunikacija",
     "Komunikacijos skyriaus vedėjas"),
    ("administracija", "Laima", "Jankauskienė", ADMINISTRATION, "administracija",
     "Direktorė"),
    ("kitas-skyrius", "Jonas", "Vaitkus", OTHER_DEPARTMENTS, "vaiku-literatura",
     "Vyresnysis bibliotekininkas"),
]  # fmt: skip

HEADS_OF_DEPARTMENTS = {"komunikacija": "vadovas", "administracija": "administracija"}


@dataclass
class DemoContext:
    site: Site
    write: Callable[[str], None] = print
    users: dict = field(default_factory=dict)
    departments: dict = field(default_factory=dict)
    # (username, password, created in this run) of every demo account
    accounts: list = field(default_factory=list)


def build_demo(write=print):
    """Build all demo content; call inside a transaction."""
    site = Site.objects.get(is_default_site=True)
    demo = DemoContext(site=site, write=write)
    build_core(demo)
    for builder in hooks.get_hooks(DEMO_HOOK):
        builder(demo)
    return demo


def build_core(demo):
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)

    for code, name in DEPARTMENTS:
        demo.departments[code], _created = Department.objects.get_or_create(
            code=code, defaults={"name": name, "site": demo.site}
        )

    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"is_staff": True, "is_superuser": True, "email": "admin@biblioteka.example"},
    )
    _account(demo, admin, created)
    _prefer_lithuanian(admin)
    demo.users["admin"] = admin

    for username, first, last, group, department, position in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@biblioteka.example",
            },
        )
        _account(demo, user, created)
        user.groups.add(Group.objects.get(name=group))
        _prefer_lithuanian(user)
        StaffProfile.objects.get_or_create(
            user=user,
            defaults={"department": demo.departments[department], "position": position},
        )
        demo.users[username] = user

    for code, username in HEADS_OF_DEPARTMENTS.items():
        department = demo.departments[code]
        if department.head_id is None:
            department.head = demo.users[username]
            department.save(update_fields=["head"])


def _account(demo, user, created):
    """New demo accounts get the documented password; existing ones keep theirs."""
    password = demo_password(user.username)
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    demo.accounts.append((user.username, password, created))


def _prefer_lithuanian(user):
    """Lithuanian admin for demo users who have not chosen a language themselves."""
    profile = UserProfile.get_for_user(user)
    if not profile.preferred_language:
        profile.preferred_language = "lt"
        profile.save(update_fields=["preferred_language"])


def demo_image(title, description, colour=(11, 83, 148), size=(1080, 1080)):
    """A Wagtail image generated on the spot (no file shipped), found again by title.

    JPEG, because it is the one format every network accepts (TikTok and Instagram
    take no PNG). `description` is the image's alternative text, in Lithuanian.
    """
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is not None:
        return image
    picture = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(picture)
    width, height = size
    # A few light stripes, like book spines on a shelf, so it is not a blank square.
    for index in range(8):
        left = width // 10 + index * width // 10
        draw.rectangle(
            (left, height // 4, left + width // 20, height * 3 // 4), fill=(244, 196, 48)
        )
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    image = Image(title=title, description=description)
    image.file = ImageFile(buffer, name="demo-" + title.lower().replace(" ", "-") + ".jpg")
    image.save()
    return image
