"""Every admin URL, requested with GET by every role, against docs/permissions.md.

The URL resolver is walked, so a URL added by Wagtail, an upgrade or a new app is probed
without anyone remembering to add it; each one must be classified in `ACCESS` below, or
the test fails and names it. Path parameters are filled with real objects made here (a
page in moderation, a post in moderation, a channel, a delivery, an absence, a profile, an
image, a document, a workflow, a task, ...), so a view that leaks data for an existing
object is caught, not merely one that 404s for a missing one.

One database set-up per role; every URL is requested and all the failures are reported
together.
"""

import fnmatch

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.models import Collection, Locale, Site, Workflow

from cms import roles
from cms.factories import AbsenceFactory, DepartmentFactory, StaffProfileFactory
from cms.models import Notice
from editorial.campaigns.factories import RubricFactory
from editorial.campaigns.models import ChecklistRule
from editorial.moderation.factories import AssignmentFactory, ProposalFactory
from editorial.social.factories import ChannelFactory, ImageFactory, SocialPostFactory
from editorial.social.models import Delivery

pytestmark = pytest.mark.django_db

S, H, A, OD = roles.SPECIALISTS, roles.HEADS, roles.ADMINISTRATION, roles.OTHER_DEPARTMENTS
ANONYMOUS = "anonymous"
PROBED_ROLES = (S, H, A, OD, ANONYMOUS)

NOBODY = frozenset()
STAFF = frozenset({S, H, A, OD})  # every role may enter the admin
EDITORS = frozenset({S, H})  # page, image and document permissions
EVERYONE = STAFF | {ANONYMOUS}  # public admin pages (login, password reset)


def _walk(patterns, prefix="", namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = (pattern.namespace,) if pattern.namespace else ()
            yield from _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), namespaces + namespace
            )
        elif pattern.name:
            yield prefix + str(pattern.pattern), ":".join((*namespaces, pattern.name)), pattern


def admin_url_patterns():
    """(route, name, pattern) for every named URL under /admin/."""
    return [row for row in _walk(get_resolver().url_patterns) if row[0].startswith("admin/")]


def parameter_names(pattern):
    return list(pattern.pattern.regex.groupindex)


@pytest.fixture
def world(home_page, standard_page_factory, role_users, specialist, head):
    from wagtail.admin.models import EditingSession
    from wagtail.models import UploadedFile

    page = standard_page_factory(title="Rudens skaitymai", live=False, owner=specialist)
    page.save_revision(user=specialist)
    page_state = page.get_workflow().start(page, specialist)
    channel = ChannelFactory(name="Bibliotekos Mastodon")
    post = SocialPostFactory(
        title="Juodraštis apie skaitymus", author=specialist, channels=[channel]
    )
    post.save_revision(user=specialist)
    post_state = post.get_workflow().start(post, specialist)
    delivery = Delivery.objects.create(
        post=post, channel=channel, scheduled_for=post.latest_revision.created_at
    )
    department = DepartmentFactory(name="Metodinis skyrius", code="metodinis")
    collection = Collection.get_first_root_node().add_child(name="Plakatai")
    document = Document.objects.create(
        title="Renginio programa", file=ContentFile(b"%PDF-1.4", name="programa.pdf")
    )
    image = ImageFactory(title="Skaitymų plakatas")
    task = page_state.current_task_state.task.specific
    proposal = ProposalFactory(title="Pasiūlymas: skaitymo robotas", author=specialist)
    proposal.save_revision(user=specialist)
    proposal_state = proposal.get_workflow().start(proposal, specialist)
    assignment = AssignmentFactory(
        title="Parengti plakatą rudens skaitymams", assignee=specialist, given_by=head
    )
    other_assignment = AssignmentFactory(
        title="Sutvarkyti vaikų skyriaus stendą",
        assignee=role_users[roles.OTHER_DEPARTMENTS],
        given_by=head,
    )
    project_action = _project_action_in_moderation(specialist)
    rubric = RubricFactory(name="Rubrika: knygos penktadieniais", owner=specialist, live=False)
    rubric.save_revision(user=specialist)
    rubric_state = rubric.get_workflow().start(rubric, specialist)
    checklist_rule = ChecklistRule.objects.create(
        site=Site.objects.get(is_default_site=True), kind=ChecklistRule.Kind.ALT_TEXT
    )
    return {
        "checklist_rule": checklist_rule,
        **funding_world(specialist),
        "campaign": _campaign_page(home_page, specialist),
        **contests_world(home_page, specialist),
        **polls_world(),
        # Project actions (grants): one waiting for the head.
        "project_action": project_action,
        "project_action_state": project_action.current_workflow_state,
        "project_action_revision": project_action.latest_revision,
        "rubric": rubric,
        "rubric_state": rubric_state,
        "rubric_task_state": rubric_state.current_task_state,
        "rubric_revision": rubric.latest_revision,
        "proposal": proposal,
        "proposal_state": proposal_state,
        "proposal_task_state": proposal_state.current_task_state,
        "proposal_revision": proposal.latest_revision,
        "assignment": assignment,
        "other_assignment": other_assignment,
        "home": home_page,
        "page": page,
        "page_state": page_state,
        "page_task_state": page_state.current_task_state,
        "page_revision": page.latest_revision,
        "post": post,
        "post_state": post_state,
        "post_task_state": post_state.current_task_state,
        "post_revision": post.latest_revision,
        "channel": channel,
        "delivery": delivery,
        "department": department,
        "profile": StaffProfileFactory(
            department=department, user__first_name="Ona", user__last_name="Profilytė"
        ),
        "absence": AbsenceFactory(
            person__first_name="Aušra",
            person__last_name="Nebūtaitė",
            deputy__first_name="Vytautas",
            deputy__last_name="Pavaduojantis",
        ),
        "notice": Notice.objects.create(user=specialist, subject="Pranešimas"),
        "collection": collection,
        "document": document,
        "image": image,
        "uploaded": UploadedFile.objects.create(
            file=ContentFile(b"x", name="ikeltas.jpg"), uploaded_by_user=head
        ),
        "workflow": Workflow.objects.filter(active=True).first(),
        "task": task,
        "redirect": Redirect.objects.create(old_path="/senas", redirect_link="/naujas"),
        "locale": Locale.objects.first(),
        "site": Site.objects.get(is_default_site=True),
        "user": head,
        "group": Group.objects.get(name=H),
        "editing_session": EditingSession.objects.create(
            user=specialist, content_object=page.page_ptr, last_seen_at=timezone.now()
        ),
    }


def polls_world():
    from editorial.campaigns.polls_factories import make_poll, make_quiz

    return {
        "poll": make_poll(question="Apklausa: kokią knygą skaityti?"),
        "quiz": make_quiz(title="Viktorina: bibliotekos istorija"),
    }


def funding_world(specialist):
    """A funding source with a support agreement and a call (grants: sources and calls)."""
    from datetime import timedelta

    from grants.models import Call, FundingSource, SupportAgreement

    source = FundingSource.objects.create(funder="Lietuvos kultūros taryba", kind="state")
    call = Call.objects.create(
        source=source,
        name="Slaptas kvietimas: bibliotekų programos",
        deadline=timezone.now() + timedelta(days=20),
        responsible=specialist,
    )
    agreement = SupportAgreement.objects.create(source=source, number="PS-1")
    return {"funding_source": source, "call": call, "agreement": agreement}


def _campaign_page(home, specialist):
    """A draft campaign page, for the campaign report (issue 9, campaign pages)."""
    from editorial.campaigns import campaign_factories

    index = campaign_factories.campaign_index(home)
    return campaign_factories.campaign(index, "Slapta kampanija", live=False, owner=specialist)


def contests_world(home_page, specialist):
    """A closed promotion owned by the specialist, with one entry (campaigns: contests)."""
    from datetime import timedelta

    from tests.editorial.campaigns.contests_helpers import add_entries, make_promotion

    now = timezone.now()
    promotion = make_promotion(
        home_page, owner=specialist, opens=now - timedelta(days=5), closes=now - timedelta(days=1)
    )
    return {"promotion": promotion, "promotion_entry": add_entries(promotion, 1)[0]}


def _project_action_in_moderation(specialist):
    from grants import projects_factories
    from grants.models import ProjectAction

    application = projects_factories.application(
        title="Slapta paraiška vykdymui", status="implementation"
    )
    action = ProjectAction.objects.create(
        project=application, kind="event", title="Veiksmas: baigiamoji šventė", author=specialist
    )
    action.save_revision(user=specialist)
    action.get_workflow().start(action, specialist)
    action.refresh_from_db()
    return action


# Path parameters by name; `pk` and model names depend on the view, see OBJECT_FOR below.
def default_parameters(w):
    return {
        "page_id": w["page"].pk,
        "parent_page_id": w["page"].pk,
        "page_to_move_id": w["page"].pk,
        "page_pk": w["page"].pk,
        "pk": w["page"].pk,
        "destination_id": w["home"].pk,
        "content_type_app_name": "home",
        "content_type_model_name": "standardpage",
        "app_label": "home",
        "model_name": "standardpage",
        "app_name": "home",
        "action_name": "approve",
        "action": "delete",
        "task_state_id": w["page_task_state"].pk,
        "task_id": w["task"].pk,
        "revision_id": w["page_revision"].pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "workflow_state_id": w["page_state"].pk,
        "workflow_pk": w["workflow"].pk,
        "collection_id": w["collection"].pk,
        "document_id": w["document"].pk,
        "doc_id": w["document"].pk,
        "image_id": w["image"].pk,
        "uploaded_file_id": w["uploaded"].pk,
        "redirect_id": w["redirect"].pk,
        "filter_spec": "original",
        "object_id": w["page"].pk,
        "session_id": w["editing_session"].pk,
        "uidb64": "MQ",
        "token": "neteisingas-zenklas",
        "key": "changes_requested",
    }


# URL-name prefix -> parameters that override the defaults for its views.
def parameters_by_view(w):
    post = {
        "pk": w["post"].pk,
        "revision_id": w["post_revision"].pk,
        "task_state_id": w["post_task_state"].pk,
        "workflow_state_id": w["post_state"].pk,
        "app_label": "social",
        "model_name": "socialpost",
    }
    proposal = {
        "pk": w["proposal"].pk,
        "revision_id": w["proposal_revision"].pk,
        "task_state_id": w["proposal_task_state"].pk,
        "workflow_state_id": w["proposal_state"].pk,
        "app_label": "moderation",
        "model_name": "proposal",
    }
    project_action = {
        "pk": w["project_action"].pk,
        "revision_id": w["project_action_revision"].pk,
        "task_state_id": w["project_action_state"].current_task_state_id,
        "workflow_state_id": w["project_action_state"].pk,
        "app_label": "grants",
        "model_name": "projectaction",
    }
    rubric = {
        "pk": w["rubric"].pk,
        "revision_id": w["rubric_revision"].pk,
        "task_state_id": w["rubric_task_state"].pk,
        "workflow_state_id": w["rubric_state"].pk,
        "app_label": "campaigns",
        "model_name": "rubric",
    }
    return {
        "wagtailsnippets_campaigns_poll:": {"pk": w["poll"].pk},
        "wagtailsnippetchoosers_campaigns_poll:": {"pk": w["poll"].pk},
        "campaigns_poll_": {"pk": w["poll"].pk},
        "wagtailsnippets_campaigns_quiz:": {"pk": w["quiz"].pk},
        "wagtailsnippetchoosers_campaigns_quiz:": {"pk": w["quiz"].pk},
        "campaigns_quiz_": {"pk": w["quiz"].pk},
        "wagtailsnippets_grants_projectaction:": project_action,
        "wagtailsnippetchoosers_grants_projectaction:": project_action,
        "grants_project_action_done": {"pk": w["project_action"].pk},
        "grants_create_project_page": {"application_id": w["project_action"].project_id},
        "wagtailsnippets_campaigns_rubric:": rubric,
        "wagtailsnippets_campaigns_checklistrule:": {"pk": w["checklist_rule"].pk},
        "wagtailsnippetchoosers_campaigns_checklistrule:": {"pk": w["checklist_rule"].pk},
        "campaigns_checklist_for_post": {"pk": w["post"].pk},
        "wagtailsnippetchoosers_campaigns_rubric:": rubric,
        "wagtailsnippets_moderation_proposal:": proposal,
        "wagtailsnippetchoosers_moderation_proposal:": proposal,
        "moderation_assignment_": {
            "instance_pk": w["assignment"].pk,
            "pk": w["assignment"].pk,
            "target": "in_progress",
        },
        "grants_fundingsource_": {"instance_pk": w["funding_source"].pk},
        "campaigns_promotionentry_": {"instance_pk": w["promotion_entry"].pk},
        "campaigns_promotion_": {"page_id": w["promotion"].pk},
        "grants_supportagreement_": {"instance_pk": w["agreement"].pk},
        "grants_call_": {"instance_pk": w["call"].pk, "pk": w["call"].pk},
        "cms_department_": {"instance_pk": w["department"].pk},
        "cms_staffprofile_": {"instance_pk": w["profile"].pk},
        "cms_absence_": {"instance_pk": w["absence"].pk},
        "cms_notice_read": {"pk": w["notice"].pk},
        "social_channel_": {"instance_pk": w["channel"].pk},
        "social_delivery_": {"instance_pk": w["delivery"].pk, "pk": w["delivery"].pk},
        "wagtailsnippets_social_socialpost:": post,
        "wagtailsnippetchoosers_social_socialpost:": post,
        "simple_translation:submit_snippet": post,
        "wagtailadmin_tag_model_autocomplete": {"app_name": "social", "model_name": "socialpost"},
        "wagtail_bulk_action": {"app_label": "wagtailcore", "model_name": "page"},
        "wagtailadmin_pages:choose_parent": {},
        "wagtailadmin_editing_sessions:": {"app_label": "wagtailcore", "model_name": "page"},
        "wagtailadmin_api:wagtailadmin_api_v1:pages": {"pk": w["page"].pk},
        "wagtailadmin_api:pages": {"pk": w["page"].pk},
        "wagtailadmin_api:documents": {"pk": w["document"].pk},
        "wagtailadmin_api:images": {"pk": w["image"].pk},
        "wagtailadmin_collections:": {"pk": w["collection"].pk},
        "wagtailadmin_workflows:add_task": {
            "app_label": "moderation",
            "model_name": "headapprovaltask",
        },
        "wagtailadmin_workflows:edit_task": {"pk": w["task"].pk},
        "wagtailadmin_workflows:disable_task": {"pk": w["task"].pk},
        "wagtailadmin_workflows:enable_task": {"pk": w["task"].pk},
        "wagtailadmin_workflows:": {"pk": w["workflow"].pk},
        "wagtailsettings:": {"app_name": "home", "model_name": "brandsettings", "pk": w["site"].pk},
        "wagtaillocales:": {"pk": w["locale"].pk},
        "wagtailsites:": {"pk": w["site"].pk},
        "wagtailusers_users:": {"pk": w["user"].pk},
        "wagtailusers_groups:": {"pk": w["group"].pk},
        "wagtaildocs_chooser:": {"pk": w["document"].pk},
        "wagtailimages_chooser:": {"pk": w["image"].pk},
        # Grant applications: a move is probed on the world's standard page (no application).
        "grants_applications_move": {"target": "drafting"},
        "campaigns_campaign_report": {"page_id": w["campaign"].pk},
    }


def url_for(name, pattern, w):
    params = default_parameters(w)
    for prefix, overrides in parameters_by_view(w).items():
        if name.startswith(prefix):
            params.update(overrides)
            break
    return reverse(name, kwargs={key: params[key] for key in parameter_names(pattern)})


# --- the expected matrix (docs/permissions.md) -------------------------------------------
#
# URL name (fnmatch pattern; the first matching row wins) -> the roles that get the page.
# Every other role must be refused: anonymous visitors go to the login page, signed-in
# users back to the dashboard (or 403/404/405: a refusal that shows nothing).
# A row with NOBODY is a URL no role opens with GET (POST-only, or needs a parameter).
ACCESS = [
    # Entering the admin and one's own account.
    ("wagtailadmin_home", STAFF),
    ("wagtailadmin_account", STAFF),
    ("wagtailadmin_dismissibles", STAFF),
    ("wagtailadmin_login", {ANONYMOUS}),  # signed-in users are sent to the dashboard
    ("wagtailadmin_password_reset*", EVERYONE),
    ("wagtailadmin_javascript_catalog", EVERYONE),
    ("wagtailadmin_sprite", EVERYONE),
    ("wagtail_modeladmin:javascript_catalog", STAFF),
    ("wagtailadmin_logout", NOBODY),  # POST only
    # The admin API behind the explorer and the choosers: only for those who may see them.
    ("wagtailadmin_api:pages:listing", EDITORS),
    ("wagtailadmin_api:pages:detail", EDITORS),
    ("wagtailadmin_api:images:listing", EDITORS),
    ("wagtailadmin_api:images:detail", EDITORS),
    ("wagtailadmin_api:documents:listing", EDITORS),
    ("wagtailadmin_api:documents:detail", EDITORS),
    ("wagtailadmin_api:*", NOBODY),  # find/action need parameters or POST
    # Pages: specialists and heads only.
    ("wagtailadmin_explore*", EDITORS),
    ("wagtailadmin_pages:unpublish", NOBODY),  # the probed page is not live
    ("wagtailadmin_pages:convert_alias", NOBODY),  # not an alias
    ("wagtailadmin_pages:set_page_position", NOBODY),  # POST only
    ("wagtailadmin_pages:lock", NOBODY),
    ("wagtailadmin_pages:unlock", NOBODY),
    # Deciding on a submission: the head, not its author (the specialist).
    ("wagtailadmin_pages:workflow_action", {H}),
    ("wagtailadmin_pages:collect_workflow_action_data", {H}),
    # Publishing rights: heads only.
    ("wagtailadmin_pages:set_privacy", {H}),
    ("wagtailadmin_pages:workflow_preview", {H}),
    ("wagtailadmin_pages:confirm_workflow_cancellation", {H}),
    ("wagtailadmin_pages:revisions_unschedule", {H}),
    ("wagtailadmin_pages:revisions_index", STAFF),  # a redirect to the history, probed too
    ("wagtailadmin_pages:*", EDITORS),
    ("wagtailadmin_choose_page*", EDITORS),
    ("wagtailadmin_tag_autocomplete", EDITORS),
    ("wagtailadmin_tag_model_autocomplete", NOBODY),  # posts use the generic autocomplete
    ("wagtail_bulk_action", NOBODY),  # needs the ids of the items
    ("wagtailadmin_editing_sessions:*", NOBODY),  # POST only
    ("wagtailadmin_block_preview", NOBODY),  # needs a block
    ("wagtailembeds:*", EDITORS),
    # Reports: the page reports for editors, locked pages for who may unlock.
    ("wagtailadmin_reports:locked_pages*", {H}),
    ("wagtailadmin_reports:site_history*", STAFF),  # filtered to what each role may see
    ("wagtailadmin_reports:*", EDITORS),
    # Collections, workflows and tasks, redirects, sites, locales, users, groups: IT only.
    ("wagtailadmin_collections:*", NOBODY),
    ("wagtailadmin_workflows:*", NOBODY),
    ("wagtailredirects:*", NOBODY),
    ("wagtailsites:*", NOBODY),
    ("wagtaillocales:*", NOBODY),
    ("wagtailusers_*", NOBODY),
    # Translating a page (a draft copy, moderated) for editors; snippets' copies: IT only.
    ("simple_translation:submit_page_translation", EDITORS),
    ("simple_translation:*", NOBODY),
    ("wagtailsnippets:index", NOBODY),  # no snippet model is in the generic list
    ("wagtailforms:index*", EDITORS),
    ("wagtailforms:*", NOBODY),  # the probed page is not a form
    ("wagtailadmin_error_test", NOBODY),
    # Site settings: the brand kit, specialists and heads.
    ("wagtailsettings:preview_on_edit", NOBODY),  # brand settings have no preview
    ("wagtailsettings:*", EDITORS),
    # Images and documents: upload and choose; edit or delete only one's own (the head all).
    ("wagtailimages:url_generator*", NOBODY),  # disabled (no WAGTAILIMAGES URL generator)
    ("wagtailimages:edit", {H}),
    ("wagtailimages:delete", {H}),
    ("wagtailimages:preview", {H}),
    ("wagtailimages:image_usage", {H}),
    ("wagtailimages:add_multiple", EDITORS),
    ("wagtailimages:*multiple*", NOBODY),  # POST only, except the upload form below
    ("wagtailimages:*", EDITORS),
    ("wagtaildocs:edit", {H}),
    ("wagtaildocs:delete", {H}),
    ("wagtaildocs:document_usage", {H}),
    ("wagtaildocs:add_multiple", EDITORS),
    ("wagtaildocs:*multiple*", NOBODY),
    ("wagtaildocs:*", EDITORS),
    ("wagtailimages_chooser:*", EDITORS),
    ("wagtaildocs_chooser:*", EDITORS),
    # People registers (ModelAdmin).
    ("cms_department_modeladmin_index", STAFF),
    ("cms_department_modeladmin_history", STAFF),
    ("cms_department_modeladmin_*", {A}),
    ("cms_staffprofile_modeladmin_index", {S, H, A}),
    ("cms_staffprofile_modeladmin_inspect", {S, H, A}),
    ("cms_staffprofile_modeladmin_history", {S, H, A}),
    ("cms_staffprofile_modeladmin_*", {A}),
    ("cms_absence_modeladmin_index", {S, H, A}),
    ("cms_absence_modeladmin_inspect", {S, H, A}),
    ("cms_absence_modeladmin_history", {S, H, A}),
    ("cms_absence_modeladmin_*", {H, A}),
    ("cms_notice_read", NOBODY),  # POST only
    # The editorial calendar: every role opens it; each source shows only what the role
    # may see (docs/decisions/editorial-calendar.md).
    ("moderation_calendar_move", NOBODY),  # POST only
    ("moderation_calendar*", STAFF),
    # The moderation queue (editorial/moderation/queue_views.py): whoever may moderate.
    ("moderation_queue", {H, A}),
    ("moderation_queue_act", NOBODY),  # POST only
    # Social publishing (see the social section of docs/permissions.md).
    ("social_channel_modeladmin_delete", {H}),
    ("social_channel_modeladmin_*", {S, H}),
    ("social_delivery_modeladmin_index", {S, H, A}),
    ("social_delivery_modeladmin_inspect", {S, H, A}),
    ("social_delivery_modeladmin_history", {S, H, A}),
    ("social_delivery_modeladmin_*", NOBODY),  # deliveries are written by the pipeline
    ("social_delivery_*", NOBODY),  # retry, mark as published: POST only
    ("social_text_counters", NOBODY),  # POST only
    ("social_text_counters_for_post", NOBODY),  # POST only
    ("wagtailsnippets_social_socialpost:list*", {S, H, A}),
    ("wagtailsnippets_social_socialpost:delete", {H}),
    ("wagtailsnippets_social_socialpost:unpublish", {H}),
    ("wagtailsnippets_social_socialpost:revisions_unschedule", {H}),
    ("wagtailsnippets_social_socialpost:workflow_action", {H}),
    ("wagtailsnippets_social_socialpost:collect_workflow_action_data", {H}),
    ("wagtailsnippets_social_socialpost:lock", NOBODY),  # POST only (or refused)
    ("wagtailsnippets_social_socialpost:unlock", NOBODY),
    ("wagtailsnippets_social_socialpost:confirm_workflow_cancellation", {H}),
    ("wagtailsnippets_social_socialpost:workflow_preview", {H}),
    ("wagtailsnippets_social_socialpost:*", {S, H}),
    ("wagtailsnippetchoosers_social_socialpost:create", {S, H}),
    ("wagtailsnippetchoosers_social_socialpost:*", {S, H, A}),
    # Proposals (moderated like posts): specialists and heads write, the head decides,
    # Administration reads the register (docs/guide/proposals-and-assignments.md).
    ("wagtailsnippets_moderation_proposal:list*", {S, H, A}),
    ("wagtailsnippets_moderation_proposal:delete", {H}),
    ("wagtailsnippets_moderation_proposal:unpublish", {H}),
    ("wagtailsnippets_moderation_proposal:revisions_unschedule", {H}),
    ("wagtailsnippets_moderation_proposal:workflow_action", {H}),
    ("wagtailsnippets_moderation_proposal:collect_workflow_action_data", {H}),
    ("wagtailsnippets_moderation_proposal:lock", NOBODY),  # POST only (or refused)
    ("wagtailsnippets_moderation_proposal:unlock", NOBODY),
    ("wagtailsnippets_moderation_proposal:confirm_workflow_cancellation", {H}),
    ("wagtailsnippets_moderation_proposal:workflow_preview", {H}),
    ("wagtailsnippets_moderation_proposal:*", {S, H}),
    ("wagtailsnippetchoosers_moderation_proposal:create", {S, H}),
    ("wagtailsnippetchoosers_moderation_proposal:*", {S, H, A}),
    # Assignments: everyone has a register of their own; heads and Administration give,
    # change and see all; the probed one is the specialist's, who alone may start it.
    ("moderation_assignment_modeladmin_index", STAFF),
    ("moderation_assignment_modeladmin_create", {H, A}),
    ("moderation_assignment_modeladmin_edit", {H, A}),
    ("moderation_assignment_modeladmin_delete", NOBODY),  # cancelled, never deleted
    ("moderation_assignment_modeladmin_*", {S, H, A}),  # inspect, history
    ("moderation_assignment_move", {S}),
    # My work (editorial.moderation): the page of those who write moderated content.
    ("moderation_my_work", EDITORS),
    ("moderation_my_work_section", EDITORS),
    # Funding sources, support agreements, calls and figures (grants): specialists and
    # heads keep the registers, heads delete and decide go / no-go (the head of the
    # responsible person's department), Administration reads; Other departments nothing.
    ("grants_fundingsource_modeladmin_create", EDITORS),
    ("grants_fundingsource_modeladmin_edit", EDITORS),
    ("grants_fundingsource_modeladmin_delete", {H}),
    ("grants_fundingsource_modeladmin_*", {S, H, A}),  # index, inspect, history
    ("grants_supportagreement_modeladmin_create", EDITORS),
    ("grants_supportagreement_modeladmin_edit", EDITORS),
    ("grants_supportagreement_modeladmin_delete", {H}),
    ("grants_supportagreement_modeladmin_*", {S, H, A}),
    ("grants_call_modeladmin_create", EDITORS),
    ("grants_call_modeladmin_edit", EDITORS),
    ("grants_call_modeladmin_delete", {H}),
    ("grants_call_modeladmin_*", {S, H, A}),
    ("grants_call_decide", {H}),
    ("grants_figures", {S, H, A}),
    # Grant applications (grants/applications_views.py): the register for the private
    # tree's groups; a move is probed on a page that is no application (404 for all).
    ("grants_applications_register", {S, H, A}),
    ("grants_applications_move", NOBODY),
    # Projects and project actions (grants, issue 8): actions are moderated like proposals
    # (specialists and heads write, the head approves, Administration reads the register);
    # making a project page and marking an action done are POST only, decided on the server.
    ("wagtailsnippets_grants_projectaction:list*", {S, H, A}),
    ("wagtailsnippets_grants_projectaction:delete", {H}),
    ("wagtailsnippets_grants_projectaction:unpublish", {H}),
    ("wagtailsnippets_grants_projectaction:revisions_unschedule", {H}),
    ("wagtailsnippets_grants_projectaction:workflow_action", {H}),
    ("wagtailsnippets_grants_projectaction:collect_workflow_action_data", {H}),
    ("wagtailsnippets_grants_projectaction:lock", NOBODY),  # POST only (or refused)
    ("wagtailsnippets_grants_projectaction:unlock", NOBODY),
    ("wagtailsnippets_grants_projectaction:confirm_workflow_cancellation", {H}),
    ("wagtailsnippets_grants_projectaction:workflow_preview", {H}),
    ("wagtailsnippets_grants_projectaction:*", {S, H}),
    ("wagtailsnippetchoosers_grants_projectaction:create", {S, H}),
    ("wagtailsnippetchoosers_grants_projectaction:*", {S, H, A}),
    ("grants_create_project_page", NOBODY),  # POST only
    ("grants_project_action_done", NOBODY),  # POST only
    # Rubrics (editorial.campaigns, issue 9 §1; moderated like posts): specialists and
    # heads write and submit, the head approves, Administration reads the register.
    ("wagtailsnippets_campaigns_rubric:list*", {S, H, A}),
    ("wagtailsnippets_campaigns_rubric:inspect", {S, H, A}),
    ("wagtailsnippets_campaigns_rubric:delete", {H}),
    ("wagtailsnippets_campaigns_rubric:unpublish", {H}),
    ("wagtailsnippets_campaigns_rubric:revisions_unschedule", {H}),
    ("wagtailsnippets_campaigns_rubric:workflow_action", {H}),
    ("wagtailsnippets_campaigns_rubric:collect_workflow_action_data", {H}),
    ("wagtailsnippets_campaigns_rubric:lock", NOBODY),  # POST only (or refused)
    ("wagtailsnippets_campaigns_rubric:unlock", NOBODY),
    ("wagtailsnippets_campaigns_rubric:confirm_workflow_cancellation", {H}),
    ("wagtailsnippets_campaigns_rubric:workflow_preview", {H}),
    ("wagtailsnippets_campaigns_rubric:*", {S, H}),
    ("wagtailsnippetchoosers_campaigns_rubric:create", {S, H}),
    ("wagtailsnippetchoosers_campaigns_rubric:*", {S, H, A}),
    # Campaign pages (issue 9 §2, pages helper): the reports are read by those who plan or
    # answer for campaigns; the pages themselves are edited through the page rows above.
    ("campaigns_campaign_reports", {S, H, A}),
    ("campaigns_campaign_report", {S, H, A}),
    # brandcheck: checklist rules (editorial.campaigns, issue 9 §6): the head of the
    # library decides them, specialists read them; the live checklist is POST only.
    ("wagtailsnippets_campaigns_checklistrule:add", {H}),
    ("wagtailsnippets_campaigns_checklistrule:edit", {H}),
    ("wagtailsnippets_campaigns_checklistrule:delete", {H}),
    ("wagtailsnippets_campaigns_checklistrule:history*", {H}),  # Wagtail: change permission
    ("wagtailsnippets_campaigns_checklistrule:usage", {H}),
    ("wagtailsnippets_campaigns_checklistrule:*", {S, H}),  # list, inspect
    ("wagtailsnippetchoosers_campaigns_checklistrule:create", {H}),
    ("wagtailsnippetchoosers_campaigns_checklistrule:*", {S, H}),
    ("campaigns_checklist", NOBODY),  # POST only
    ("campaigns_checklist_for_post", NOBODY),  # POST only
    # Promotions and contests (editorial.campaigns, issue 9 §3): specialists and heads see
    # the entries and the draw page; entries come only from the public form (no add, edit
    # or delete); the export (and running the draw, POST) is for the head of the
    # promotion's department. Administration and other departments: no personal data.
    ("campaigns_promotionentry_modeladmin_index", EDITORS),
    ("campaigns_promotionentry_modeladmin_inspect", EDITORS),
    ("campaigns_promotionentry_modeladmin_history", EDITORS),
    ("campaigns_promotionentry_modeladmin_*", NOBODY),
    ("campaigns_promotion_draw", EDITORS),
    ("campaigns_promotion_export", {H}),
    # polls: polls and quizzes (results for the department and Administration; the draw
    # entries inside them only for S and H, tested in test_polls_admin.py)
    ("campaigns_poll_results", {S, H, A}),
    ("campaigns_poll_export", {S, H, A}),
    ("campaigns_quiz_results", {S, H, A}),
    ("campaigns_quiz_export", {S, H, A}),
    ("wagtailsnippets_campaigns_poll:list*", {S, H, A}),
    ("wagtailsnippets_campaigns_poll:delete", {H}),
    ("wagtailsnippets_campaigns_poll:*", {S, H}),
    ("wagtailsnippetchoosers_campaigns_poll:create", {S, H}),
    ("wagtailsnippetchoosers_campaigns_poll:*", {S, H, A}),
    ("wagtailsnippets_campaigns_quiz:list*", {S, H, A}),
    ("wagtailsnippets_campaigns_quiz:delete", {H}),
    ("wagtailsnippets_campaigns_quiz:*", {S, H}),
    ("wagtailsnippetchoosers_campaigns_quiz:create", {S, H}),
    ("wagtailsnippetchoosers_campaigns_quiz:*", {S, H, A}),
]

# Why some URLs are not probed at all.
NOT_PROBED = {
    "wagtailadmin_error_test": "raises an exception on purpose (Wagtail's error-reporting test)",
}


def expected_roles(name):
    for pattern, allowed in ACCESS:
        if fnmatch.fnmatchcase(name, pattern):
            return allowed
    return None


def outcome(response):
    """What a person got: the page, or one of the refusals."""
    status = response.status_code
    if status in (301, 302):
        location = response["Location"]
        if location.startswith(reverse("wagtailadmin_login")):
            return "refused (login)"
        if location == reverse("wagtailadmin_home"):
            return "refused (dashboard)"
        return "served"  # a redirect within the admin; its target is probed too
    if status in (403, 404, 405):
        return f"refused ({status})"
    return "served" if status < 400 else f"error {status}"


def client(user):
    browser = Client(raise_request_exception=False)
    if user is not None:
        browser.force_login(user)
    return browser


# Strings that only some roles may read: a draft page, a post in moderation, the people
# registers, the media. A refusal never shows them; nor may any page a role does get.
def secrets(w):
    return {
        w["page"].title: {S, H},
        w["post"].title: {S, H, A},
        w["absence"].person.get_full_name(): {S, H, A},
        w["profile"].user.get_full_name(): {S, H, A},
        w["image"].title: {S, H},
        w["document"].title: {S, H},
        w["channel"].name: {S, H, A},
        w["proposal"].title: {S, H, A},
        w["rubric"].name: {S, H, A},
        w["poll"].question: {S, H, A},
        w["quiz"].title: {S, H, A},
        w["assignment"].title: {S, H, A},
        w["other_assignment"].title: {OD, H, A},
        w["call"].name: {S, H, A},
        w["project_action"].title: {S, H, A},
        w["campaign"].title: {S, H, A},
    }


@pytest.mark.parametrize("role", PROBED_ROLES)
def test_every_admin_url_answers_each_role_as_the_matrix_says(role, world, role_users):
    browser = client(role_users[role])
    hidden = [text for text, readers in secrets(world).items() if role not in readers]
    problems = []
    for _route, name, pattern in admin_url_patterns():
        if name in NOT_PROBED:
            continue
        allowed = expected_roles(name)
        if allowed is None:
            problems.append(f"{name}: not in the matrix (add a row to ACCESS)")
            continue
        url = url_for(name, pattern, world)
        # Logging out ends the session the other probes share.
        response = (client(role_users[role]) if name == "wagtailadmin_logout" else browser).get(url)
        got = outcome(response)
        if role in allowed and got != "served":
            problems.append(f"{url} ({name}): expected the page, got {got}")
        elif role not in allowed and not got.startswith("refused"):
            problems.append(f"{url} ({name}): expected a refusal, got {got}")
        content = b"".join(response.streaming_content) if response.streaming else response.content
        body = content.decode(errors="replace")
        leaked = [text for text in hidden if text in body]
        if leaked:
            problems.append(f"{url} ({name}): shows {leaked}")
    assert not problems, f"{len(problems)} URL(s) differ for {role}:\n" + "\n".join(problems)


def test_the_matrix_has_no_row_that_matches_nothing():
    names = [name for _route, name, _pattern in admin_url_patterns()]
    unused = [p for p, _roles in ACCESS if not any(fnmatch.fnmatchcase(n, p) for n in names)]
    assert not unused


def test_a_refused_chooser_request_from_javascript_gets_403_and_no_titles(
    other_department_user, specialist
):
    from editorial.social.factories import SocialPostFactory

    SocialPostFactory(title="Slaptas juodraštis", author=specialist)
    url = reverse("wagtailsnippetchoosers_social_socialpost:choose_results") + "?q=Slaptas"
    response = client(other_department_user).get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 403
    assert "Slaptas juodraštis" not in response.content.decode()


def test_an_app_adds_its_own_rule(specialist, home_page):
    from cms import admin_access

    admin_access.register("wagtailadmin_account", lambda user, match: False)
    try:
        response = client(specialist).get(reverse("wagtailadmin_account"))
    finally:
        admin_access.RULES.pop()
        admin_access._tests_for.cache_clear()
    assert outcome(response) == "refused (dashboard)"
    assert outcome(client(specialist).get(reverse("wagtailadmin_account"))) == "served"
