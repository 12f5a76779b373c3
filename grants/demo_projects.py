"""Demo project pages and project actions, in Lithuanian (idempotent: found by stable keys).

The awarded application "Skaitymo iššūkis vaikams" answered last year's call of the
Lithuanian Council for Culture (the call and the source are the funding demo's, found by
name through grants/demo_applications.demo_call); it lives in the private "Paraiškos"
folder beside the applications demo's two.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Page, PageViewRestriction

from cms.demo import demo_image
from cms.roles import ADMINISTRATION, HEADS, SPECIALISTS
from editorial.moderation.models import ACTION_APPROVE

from .actions_services import mark_action_done
from .demo_applications import CLOSED_CALL, demo_call
from .models import (
    ApplicationPartner,
    GrantApplicationIndexPage,
    GrantApplicationPage,
    ProjectAction,
    ProjectIndexPage,
    ProjectPage,
    ProjectUpdate,
    SupportAgreement,
)
from .projects_services import create_project_page

APPLICATION_TITLE = "Skaitymo iššūkis vaikams"
ACKNOWLEDGEMENT = "Projektą finansuoja Lietuvos kultūros taryba"

INDEX = {
    "lt": {"slug": "projektai", "title": "Projektai"},
    "en": {"slug": "projects", "title": "Projects"},
}
INDEX_INTRO = {
    "lt": "<p>Projektai, kuriuos biblioteka vykdo su partneriais ir finansuotojais.</p>",
    "en": "<p>Projects the library carries out with its partners and funders.</p>",
}
PROJECT_EN = {
    "slug": "reading-challenge-for-children",
    "title": "Reading challenge for children",
    "summary": "A summer reading challenge for children aged 7–12 in the county's libraries.",
    "goals": "<p>Encourage children to read over the summer and visit their library.</p>",
    "results": "<p>The challenge is under way; results will be published in autumn.</p>",
}
UPDATE = {
    "title": "Iššūkis prasidėjo",
    "text": "<p>Vaikai jau registruojasi – skaitymo pasus galima atsiimti bibliotekoje.</p>",
}
RESULTS = "<p>Iššūkis vyksta; rezultatus paskelbsime rudenį.</p>"

ACTION_DONE = {
    "title": "Skaitymo pasų spauda",
    "kind": ProjectAction.Kind.PROCUREMENT,
    "description": "Nupirkti 500 skaitymo pasų spaudos paslaugą (mažos vertės pirkimas).",
    "amount": Decimal("420.00"),
}
ACTION_WAITING = {
    "title": "Baigiamoji šventė bibliotekoje",
    "kind": ProjectAction.Kind.EVENT,
    "description": "Rugsėjo pradžioje – iššūkio dalyvių apdovanojimai ir susitikimas su autore.",
    "amount": Decimal("300.00"),
}


def build_projects(demo):
    specialist = demo.users.get("specialistas")
    head = demo.users.get("vadovas")
    home = demo.site.root_page.specific
    if specialist is None or head is None or home.depth != 2:
        return
    lt = Locale.objects.get(language_code="lt")
    en = Locale.objects.filter(language_code="en").first()
    application = awarded_application(home, specialist)
    index = project_index(home, "lt")
    if en is not None:
        en_home = home.get_translations().filter(locale=en).first()
        if en_home is not None:
            ensure_index_translation(index, en)
    page = application.project_pages.filter(locale=lt).first()
    if page is None:
        result = create_project_page(specialist, application)
        page = result.page
        if page is None:
            demo.write(f"Demo project page not made: {result.decision.reason}")
            return
        page.image = demo_image(
            "Skaitymo iššūkis vaikams", "Vaikai skaito knygas bibliotekoje", colour=(20, 110, 70)
        )
        page.results = RESULTS
        page.updates = [ProjectUpdate(date=timezone.localdate(), **UPDATE)]
        page.save_revision(user=specialist).publish(user=head)
    page = ProjectPage.objects.get(pk=page.pk)  # as published (publish() reloads its own copy)
    if en is not None and page.live:
        ensure_project_translation(page, en)
    build_actions(application, specialist, head)


def _private_index(home, specialist):
    folder = GrantApplicationIndexPage.objects.child_of(home).first()
    if folder is not None:
        return folder
    folder = GrantApplicationIndexPage(title="Paraiškos", slug="paraiskos", owner=specialist)
    home.add_child(instance=folder)
    folder.save_revision(user=specialist).publish()
    restriction = PageViewRestriction.objects.create(
        page=folder, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set(Group.objects.filter(name__in=(SPECIALISTS, HEADS, ADMINISTRATION)))
    return folder


def awarded_application(home, specialist):
    existing = GrantApplicationPage.objects.filter(title=APPLICATION_TITLE).first()
    if existing is not None:
        return existing
    # Last year's call of the funding demo's Council for Culture (grants/demo_applications).
    call = demo_call(CLOSED_CALL, deadline_in_days=-100)
    source = call.source
    if not source.agreements.exclude(acknowledgement="").exists():
        SupportAgreement.objects.create(
            source=source,
            acknowledgement=ACKNOWLEDGEMENT,
            logo=demo_image(
                "Lietuvos kultūros tarybos logotipas",
                "Lietuvos kultūros tarybos logotipas",
                colour=(150, 30, 40),
                size=(480, 240),
            ),
        )
    year = timezone.localdate().year
    application = GrantApplicationPage(
        title=APPLICATION_TITLE,
        slug="skaitymo-issukis-vaikams",
        owner=specialist,
        call=call,
        status=GrantApplicationPage.Status.AWARDED,
        summary="Vasaros skaitymo iššūkis 7–12 metų vaikams apskrities bibliotekose.",
        objectives=(
            "Paskatinti vaikus skaityti vasarą ir lankytis bibliotekoje.\n\n"
            "Įtraukti savivaldybių viešąsias bibliotekas į bendrą iššūkį."
        ),
        period_start=date(year, 6, 1),
        period_end=date(year, 9, 30),
        amount_awarded=Decimal("6000.00"),
        decision_comments="Vidinė pastaba: sąmatą reikės patikslinti iki sutarties.",
    )
    application.partners = [
        ApplicationPartner(name="Kauno rajono savivaldybės viešoji biblioteka", public=True),
        ApplicationPartner(name="UAB „Spaudos partneris“", public=False),
    ]
    _private_index(home, specialist).add_child(instance=application)
    application.save_revision(user=specialist).publish()
    return application


def project_index(home, language):
    index = ProjectIndexPage.objects.child_of(home).first()
    if index is not None:
        return index
    index = ProjectIndexPage(
        title=INDEX[language]["title"],
        slug=INDEX[language]["slug"],
        intro=INDEX_INTRO[language],
        show_in_menus=True,
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def _translate(page, locale, slug, fields):
    translation = page.copy_for_translation(locale)
    parent = translation.get_parent()
    slug = find_available_slug(parent, slug, ignore_page_id=translation.pk)
    Page.objects.filter(pk=translation.pk).update(slug=slug, url_path=f"{parent.url_path}{slug}/")
    translation.refresh_from_db()
    translation = translation.specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


def ensure_index_translation(index, locale):
    found = index.get_translations().filter(locale=locale).first()
    if found is not None:
        return found
    return _translate(
        index,
        locale,
        INDEX["en"]["slug"],
        {"title": INDEX["en"]["title"], "intro": INDEX_INTRO["en"]},
    )


def ensure_project_translation(page, locale):
    if page.get_translations().filter(locale=locale).exists():
        return
    parent = page.get_parent()
    if not parent.get_translations().filter(locale=locale).exists():
        return
    fields = {k: v for k, v in PROJECT_EN.items() if k != "slug"}
    translation = _translate(page, locale, PROJECT_EN["slug"], fields)
    # The funder's wording is the funder's own: the English page says it in English too.
    for funder in translation.funders.all():
        if funder.acknowledgement == ACKNOWLEDGEMENT:
            funder.acknowledgement = "The project is funded by the Lithuanian Council for Culture"
            funder.save()
    for update in translation.updates.all():
        update.title = "The challenge has begun"
        update.text = "<p>Children are signing up: reading passports are at the library.</p>"
        update.save()
    translation.save_revision().publish()


def build_actions(application, specialist, head):
    done = ProjectAction.objects.filter(title=ACTION_DONE["title"]).first()
    if done is None:
        done = _action(application, specialist, ACTION_DONE)
        state = done.get_workflow().start(done, specialist)
        task_state = state.current_task_state
        task_state.task.specific.on_action(
            task_state, head, ACTION_APPROVE, comment="Pirkimas suderintas."
        )
        done.refresh_from_db()
        mark_action_done(specialist, done)
    if not ProjectAction.objects.filter(title=ACTION_WAITING["title"]).exists():
        waiting = _action(application, specialist, ACTION_WAITING)
        waiting.get_workflow().start(waiting, specialist)


def _action(application, author, fields):
    action = ProjectAction(
        project=application,
        author=author,
        live=False,
        planned_on=timezone.localdate() + timedelta(days=14),
        **fields,
    )
    action.save()
    action.save_revision(user=author)
    return action
