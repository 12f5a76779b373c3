"""Who may moderate what, as decisions with a reason.

One computation, `reviews_of`, answers for the workflow task (`can_moderate`), the
dashboard's queue, the notifications (`reviewers_for`) and the tests, so the scoping,
the four-eyes rule and the deputy rule cannot drift apart.

Who may act on a submission right now is the first of these tiers that has someone
left once the submitter and everyone who changed the content under review (created a
revision after submission, in the current workflow state) are taken out:

1. the head of the submitter's department (`StaffProfile.department` → `Department.head`),
   or, while an absence of that head is in force, the deputies that absence names;
2. the department's standing deputy head (`Department.deputy_head`) unless absent;
3. Administration: members of the Administration group on the department's site
   (members whose department has no site serve every site);
4. IT (superusers), so that a submission never waits for nobody.

Tiers 1 and 2 only count people in a group of the approval task (by default
"Department heads"); a head who is also the submitter skips tier 1 (a head's own work
goes to the standing deputy, else Administration).

`Duties.tiers` lays the tiers out per department, before the exclusions of one item
(its submitter, whoever changed it under review); `reviews_of` applies them in Python.
The moderation queue applies the same tiers in SQL (queue_access.py), so it can count,
sort and page the items a person may act on in the database; the tests prove both
answers equal for every role and stand-in case
(tests/editorial/moderation/test_queue_access.py).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision, TaskState, WorkflowState

from cms.models import Absence, Department, StaffProfile
from cms.roles import ADMINISTRATION, ROLE_LABELS

HEAD = "head"
DEPUTY = "deputy"
STANDING_DEPUTY = "standing_deputy"
ADMINISTRATION_TIER = "administration"
IT = "it"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    on_behalf_of: object = None  # the absent head a deputy acts for

    def __bool__(self):
        return self.allowed


def signed_in(user):
    """A signed-in, active person: the first question of every permission decision."""
    return user is not None and user.is_authenticated and user.is_active


@dataclass
class Review:
    """Who may act on one workflow state on one day, and who may not because of their part."""

    submitter_id: int | None = None
    editor_ids: frozenset = frozenset()  # changed the content after submission
    reviewers: list = field(default_factory=list)
    tier: str = ""
    on_behalf_of: dict = field(default_factory=dict)  # reviewer pk -> absent head (user)

    def may_edit(self, user):
        """Moderators may edit under review, and so may whoever already changed it."""
        if user is None or not user.is_authenticated or user.pk == self.submitter_id:
            return False
        return user.pk in self.editor_ids or bool(self.decide(user))

    def decide(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return Decision(False, _("You must be signed in."))
        if user.pk == self.submitter_id:
            return Decision(False, _("Nobody may approve their own submission."))
        if user.pk in self.editor_ids:
            return Decision(
                False,
                _(
                    "You changed this content while it was under review, so another "
                    "moderator must decide on it."
                ),
            )
        if any(reviewer.pk == user.pk for reviewer in self.reviewers):
            return Decision(True, TIER_REASONS[self.tier], self.on_behalf_of.get(user.pk))
        return Decision(
            False,
            _(
                "Only the head of the author's department, or their deputy during an "
                "absence, may moderate this."
            ),
        )


TIER_REASONS = {
    HEAD: _("You head the author's department."),
    DEPUTY: _("You stand in for the absent head of the author's department."),
    STANDING_DEPUTY: _("You are the standing deputy head of the author's department."),
    ADMINISTRATION_TIER: _("Administration decides when the department cannot."),
    IT: _("Nobody else may decide on this, so IT may."),
}

NOT_UNDER_REVIEW = Review()


def first_revision_subquery():
    """For a TaskState queryset: the revision its workflow state was submitted with."""
    return Subquery(
        TaskState.objects.filter(workflow_state=OuterRef("workflow_state"), revision__isnull=False)
        .order_by("revision_id")
        .values("revision_id")[:1]
    )


def _first_revisions(states):
    """{workflow_state pk: pk of the revision it was submitted with}."""
    known = {state.pk: getattr(state, "first_revision_id", None) for state in states}
    if all(known.values()):
        return known  # annotated by the caller (the queue), no query
    first = {}
    for state_id, revision_id in TaskState.objects.filter(
        workflow_state__in=[state.pk for state in states]
    ).values_list("workflow_state_id", "revision_id"):
        if revision_id is not None and (state_id not in first or revision_id < first[state_id]):
            first[state_id] = revision_id
    return first


def _editors(states):
    """{workflow_state pk: ids of users who saved a revision after the submission}."""
    first = _first_revisions(states)
    if not first:
        return {}
    by_object = defaultdict(set)
    for ct_id, object_id, revision_id, user_id in Revision.objects.filter(
        base_content_type_id__in={state.base_content_type_id for state in states},
        object_id__in={state.object_id for state in states},
        pk__gt=min(first.values()),
        user__isnull=False,
    ).values_list("base_content_type_id", "object_id", "pk", "user_id"):
        by_object[(ct_id, object_id)].add((revision_id, user_id))
    editors = {}
    for state in states:
        submitted = first.get(state.pk)
        revisions = by_object.get((state.base_content_type_id, state.object_id), ())
        editors[state.pk] = frozenset(
            user_id
            for revision_id, user_id in revisions
            if submitted is not None and revision_id > submitted
        )
    return editors


def _site_of(user):
    profile = getattr(user, "staff_profile", None)
    department = getattr(profile, "department", None)
    return getattr(department, "site_id", None)


@dataclass(frozen=True)
class Tier:
    """One tier of who may act on an item, before the item's own exclusions (its
    submitter and whoever changed it under review)."""

    name: str
    candidates: tuple  # users, in the order they are listed
    absent_head: object = None  # the head the candidates stand in for (DEPUTY)
    unless_submitted_by: int | None = None  # no such tier for this person's own submission

    def reviewers(self, submitter_id, excluded):
        """The candidates left for an item submitted by `submitter_id`."""
        if self.unless_submitted_by is not None and self.unless_submitted_by == submitter_id:
            return []
        return [user for user in self.candidates if user.pk not in excluded]


@dataclass
class Duties:
    """Who holds which duty on one day for one approval task, read in fixed queries:
    the heads, standing deputies and deputies of the departments asked about, with
    whether they are in the task's groups; Administration; IT (superusers)."""

    people: dict  # pk -> active user: heads, standing deputies, their deputies
    eligible: set  # pks of `people` in a group of the task
    deputies_of: dict  # absent person pk -> pks of the deputies of absences in force
    administration: list
    superusers: list
    _tiers: dict = field(default_factory=dict)

    def tiers(self, department):
        """The tiers for an item whose author works in `department` (None: in none)."""
        key = getattr(department, "pk", None)
        if key not in self._tiers:
            self._tiers[key] = self._lay_out(department)
        return self._tiers[key]

    def _usable(self, user_ids):
        return tuple(
            self.people[pk] for pk in sorted(user_ids) if pk in self.people and pk in self.eligible
        )

    def _lay_out(self, department):
        tiers = []
        if department is not None:
            head = department.head_id
            if head is not None and head in self.people and head in self.eligible:
                if self.deputies_of.get(head):
                    tiers.append(
                        Tier(DEPUTY, self._usable(self.deputies_of[head]), self.people[head], head)
                    )
                else:
                    tiers.append(Tier(HEAD, self._usable({head}), None, head))
            standing = department.deputy_head_id
            if standing is not None and not self.deputies_of.get(standing):
                tiers.append(Tier(STANDING_DEPUTY, self._usable({standing})))
        site = getattr(department, "site_id", None)
        tiers.append(
            Tier(
                ADMINISTRATION_TIER,
                tuple(
                    user
                    for user in self.administration
                    if site is None or _site_of(user) in (None, site)
                ),
            )
        )
        tiers.append(Tier(IT, tuple(self.superusers)))
        return tiers


def duties_for(task, departments, day=None):
    """The Duties for items of `departments` on `day` (today) for one approval task
    (None: the groups of every active head-approval task)."""
    return duties_for_tasks([task], departments, day)[getattr(task, "pk", None)]


def duties_for_tasks(tasks, departments, day=None):
    """{task pk: Duties} for items of `departments` on `day` (today): the absences and
    the people (heads, deputies, Administration, IT) are read once for all `tasks`, two
    queries however many tasks and departments; only who is in each task's groups
    differs per task (a subquery each, in the same query). A task None stands for the
    groups of every active head-approval task (one query more)."""
    day = day or timezone.localdate()
    User = get_user_model()
    duty_ids = set()
    for department in departments:
        if department is not None:
            duty_ids |= {department.head_id, department.deputy_head_id} - {None}
    deputies_of = defaultdict(set)  # absent person -> deputies of absences in force
    if duty_ids:
        for person_id, deputy_id in (
            Absence.objects.covering(day)
            .filter(person_id__in=duty_ids)
            .values_list("person_id", "deputy_id")
        ):
            deputies_of[person_id].add(deputy_id)
    eligible_in = {}  # annotation name -> task pk
    annotations = {}
    for index, task in enumerate(tasks):
        groups = task.groups.values("pk") if task is not None else list(approval_group_ids())
        name = f"eligible_{index}"
        eligible_in[name] = getattr(task, "pk", None)
        annotations[name] = Exists(
            User.groups.through.objects.filter(user_id=OuterRef("pk"), group_id__in=groups)
        )
    in_administration = User.groups.through.objects.filter(
        user_id=OuterRef("pk"), group__name=ADMINISTRATION
    )
    people = {}
    eligible = {task_pk: set() for task_pk in eligible_in.values()}
    wanted = duty_ids | {d for ids in deputies_of.values() for d in ids}
    administration, superusers = [], []
    # One query for the department's people, Administration and IT.
    for user in (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=wanted) | Q(is_superuser=True) | Exists(in_administration))
        .annotate(**annotations, administration=Exists(in_administration))
        .select_related("staff_profile__department")
        .order_by("last_name", "first_name", "pk")
    ):
        if user.pk in wanted:
            people[user.pk] = user
            for name, task_pk in eligible_in.items():
                if getattr(user, name):
                    eligible[task_pk].add(user.pk)
        if user.administration:
            administration.append(user)
        if user.is_superuser:
            superusers.append(user)
    return {
        task_pk: Duties(
            dict(people), eligible[task_pk], dict(deputies_of), administration, superusers
        )
        for task_pk in eligible
    }


# The tiers of the department itself: Administration and IT stand in for it, not in it.
DEPARTMENT_TIERS = frozenset({HEAD, DEPUTY, STANDING_DEPUTY})


def acting_for_department(department, day=None, task=None):
    """Who acts for `department` on `day` (today), by the approval task's own tiers
    (`Duties.tiers`, as for the work of anyone in the department but its head): the
    head; while the head is absent, the deputies that absence names; else the standing
    deputy head. The first of these tiers with someone in it, as a Tier (its
    `absent_head` set for deputies), or None when the department has nobody to act.
    Only people in the approval task's groups count (`task` None: every active
    head-approval task's). Other apps (the go / no-go on a grant call) ask this, so they
    cannot disagree with moderation about who acts for a department."""
    if department is None:
        return None
    for tier in duties_for(task, [department], day).tiers(department):
        if tier.name in DEPARTMENT_TIERS and tier.candidates:
            return tier
    return None


def reviews_of(task, states, day=None, duties=None, departments=None):
    """{workflow_state pk: Review} for in-progress `states` of `task`, in fixed queries.

    When the caller has read them (the queue): `duties`, the Duties of `task` on `day`
    for departments including those of the states' submitters; `departments`, {submitter
    pk: department} for the submitters who have one.
    """
    day = day or timezone.localdate()
    states = [state for state in states if state.status == WorkflowState.STATUS_IN_PROGRESS]
    if not states:
        return {}
    if departments is None:
        departments = {
            profile.user_id: profile.department
            for profile in StaffProfile.objects.filter(
                user_id__in={state.requested_by_id for state in states},
                department__isnull=False,
            ).select_related("department")
        }
    if duties is None:
        duties = duties_for(task, departments.values(), day)
    editors = _editors(states)

    reviews = {}
    for state in states:
        submitter = state.requested_by_id
        editor_ids = editors.get(state.pk, frozenset())
        excluded = {submitter} | editor_ids
        review = Review(submitter_id=submitter, editor_ids=editor_ids)
        for tier in duties.tiers(departments.get(submitter)):
            reviewers = tier.reviewers(submitter, excluded)
            if reviewers:
                review.tier, review.reviewers = tier.name, reviewers
                if tier.absent_head is not None:
                    review.on_behalf_of = {reviewer.pk: tier.absent_head for reviewer in reviewers}
                break
        reviews[state.pk] = review
    return reviews


def submitter_id_of(obj):
    """The id of the user who sent `obj` to moderation, or None when it is not in a workflow."""
    state = getattr(obj, "current_workflow_state", None)
    return state.requested_by_id if state is not None else None


def remember_moderators(task):
    """Let `task` reuse the reviews it computes for the rest of this request (listings)."""
    task._sklaida_reviews = {}
    return task


def review_of(task, workflow_state, day=None):
    """The Review of one workflow state, from the request's memo when a listing made one."""
    if workflow_state is None or workflow_state.status != WorkflowState.STATUS_IN_PROGRESS:
        return NOT_UNDER_REVIEW
    memo = getattr(task, "_sklaida_reviews", None)
    key = (workflow_state.pk, day or timezone.localdate())
    if memo is not None and key in memo:
        return memo[key]
    review = reviews_of(task, [workflow_state], day).get(workflow_state.pk, NOT_UNDER_REVIEW)
    if memo is not None:
        memo[key] = review
    return review


def reviews_for_task(task, workflow_states, day=None, duties=None, departments=None):
    """Reviews of many states at once, kept in the request's memo (see remember_moderators)."""
    reviews = reviews_of(task, workflow_states, day, duties, departments)
    memo = getattr(task, "_sklaida_reviews", None)
    if memo is not None:
        today = day or timezone.localdate()
        memo.update({(pk, today): review for pk, review in reviews.items()})
    return reviews


def can_moderate(task, obj, user, day=None):
    """May `user` act on `task` for `obj` (approve, request changes, reject) on `day`?"""
    workflow_state = getattr(obj, "current_workflow_state", None)
    review = review_of(task, workflow_state, day)
    if review is NOT_UNDER_REVIEW:
        if user is None or not user.is_authenticated:
            return Decision(False, _("You must be signed in."))
        return Decision(False, _("This is not awaiting review."))
    return review.decide(user)


def can_edit_under_review(task, obj, user, day=None):
    """May `user` open and change `obj` while it awaits review (not the same as deciding)."""
    return review_of(task, getattr(obj, "current_workflow_state", None), day).may_edit(user)


def reviewers_for(obj, day=None):
    """Who may act on `obj` awaiting review on `day` (today by default), as a list of users.

    The department head, or the deputy while the head is absent; for a head's own
    submission the standing deputy, else Administration; never the submitter or
    whoever edited the content under review. Empty when `obj` awaits no review.
    """
    workflow_state = getattr(obj, "current_workflow_state", None)
    if workflow_state is None or workflow_state.current_task_state is None:
        return []
    return reviewers_of_task_state(workflow_state.current_task_state, day)


def reviewers_of_task_state(task_state, day=None):
    """`reviewers_for` of the object a task state reviews. For the moment a task starts:
    when a workflow resumes after "request changes", Wagtail sends `task_submitted`
    before it records the new task as the workflow's current one."""
    workflow_state = task_state.workflow_state
    if workflow_state.status != WorkflowState.STATUS_IN_PROGRESS:
        return []
    task = task_state.task.specific
    if not hasattr(task, "groups"):
        return []
    return list(review_of(task, workflow_state, day).reviewers)


# --- deputies --------------------------------------------------------------------------


def approval_group_ids():
    """Groups of the active head-approval tasks: the groups that may moderate."""
    from .models import HeadApprovalTask

    return set(
        HeadApprovalTask.objects.filter(active=True)
        .exclude(groups=None)
        .values_list("groups", flat=True)
    )


def _group_names(group_ids):
    names = Group.objects.filter(pk__in=group_ids).order_by("name").values_list("name", flat=True)
    return ", ".join(str(ROLE_LABELS.get(name, name)) for name in names)


def deputy_problem(person, deputy, department=None):
    """Why `deputy` may not stand in for `person` in moderation (None when they may).

    A stand-in for someone who moderates (heads or deputy-heads a department, or is in
    an approval group) must themselves be in an approval group, and on the same
    library site when both departments have one. Registered with cms through
    DEPUTY_CHECK_HOOK, so the absence and department forms refuse the rest.
    """
    group_ids = approval_group_ids()
    departments = (
        [department]
        if department is not None
        else list(Department.objects.filter(Q(head=person) | Q(deputy_head=person)))
    )
    moderates = bool(departments) or (
        person is not None and person.groups.filter(pk__in=group_ids).exists()
    )
    if not moderates:
        return None
    if not deputy.groups.filter(pk__in=group_ids).exists():
        return _("The deputy must belong to a group that may moderate: %(groups)s.") % {
            "groups": _group_names(group_ids)
        }
    deputy_site = (
        StaffProfile.objects.filter(user=deputy)
        .values_list("department__site_id", flat=True)
        .first()
    )
    if deputy_site is not None and any(
        dep.site_id is not None and dep.site_id != deputy_site for dep in departments
    ):
        return _("The deputy works for another library site than the department.")
    return None


# --- My work ----------------------------------------------------------------------------


def can_open_my_work(user):
    """My work is the author's page: for whoever may write some moderated content."""
    from .stand_in import moderated_models, writes

    if user is None or not user.is_authenticated or not user.is_active:
        return Decision(False, _("You must be signed in."))
    if any(writes(user, model) for model in moderated_models()):
        return Decision(True, _("You write moderated content."))
    return Decision(False, _("My work is for those who write pages or posts."))


# --- the moderation queue ------------------------------------------------------------------


def can_open_queue(user):
    """May `user` open the moderation queue? People who may moderate anything: members of
    an approval task's groups (heads, standing deputies, stand-ins), Administration, IT.
    What each of them may act on is decided per item (`reviews_of`)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Decision(False, _("You must be signed in."))
    if user.is_superuser:
        return Decision(True, TIER_REASONS[IT])
    from .models import HeadApprovalTask

    approval_groups = HeadApprovalTask.objects.filter(active=True).values("groups")
    if user.groups.filter(Q(pk__in=approval_groups) | Q(name=ADMINISTRATION)).exists():
        return Decision(True, _("You may moderate."))
    return Decision(False, _("Only people who moderate may open the moderation queue."))
