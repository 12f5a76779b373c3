"""Demo proposals and assignments, in Lithuanian (idempotent: found again by title).

An accepted proposal that became an assignment, a proposal awaiting the head's
review, and an assignment that is overdue, so each screen has something to show.
"""

from datetime import timedelta

from django.utils import timezone

from .assignment_models import Assignment
from .assignment_services import give
from .models import ACTION_APPROVE
from .proposal_models import Proposal

ACCEPTED = {
    "title": "Knygų rekomendacijų vaizdo įrašai socialiniuose tinkluose",
    "kind": Proposal.Kind.PUBLICITY,
    "description": (
        "Kas mėnesį bibliotekininkai trumpame vaizdo įraše rekomenduotų po vieną knygą; "
        "įrašai būtų skelbiami bibliotekos TikTok ir Facebook paskyrose."
    ),
    "expected_benefit": "Daugiau jaunų skaitytojų, apie 20 % didesnis įrašų pasiekiamumas.",
    "estimated_cost": "150.00",
}
AWAITING = {
    "title": "Renginių kalendorius pagrindiniame svetainės puslapyje",
    "kind": Proposal.Kind.WEBSITE,
    "description": (
        "Pagrindiniame bibliotekos svetainės puslapyje rodyti artimiausių dviejų savaičių "
        "renginius su nuoroda į registraciją."
    ),
    "expected_benefit": "Lankytojai renginius ras greičiau; mažiau skambučių dėl registracijos.",
    "estimated_cost": "0.00",
}
FROM_PROPOSAL_DUE_DAYS = 21
OVERDUE = {
    "title": "Atnaujinti stendą apie vasaros skaitymus",
    "description": "Pakeisti stendo plakatus ir įdėti vasaros skaitymų iššūkio taisykles.",
}


def build_proposals_and_assignments(demo):
    specialist = demo.users.get("specialistas")
    head = demo.users.get("vadovas")
    administration = demo.users.get("administracija")
    other = demo.users.get("kitas-skyrius")
    if not all((specialist, head, administration, other)):
        return
    accepted = _proposal(ACCEPTED, specialist)
    if not accepted.live and not accepted.workflow_in_progress:
        state = accepted.get_workflow().start(accepted, specialist)
        task_state = state.current_task_state
        task_state.task.specific.on_action(
            task_state, head, ACTION_APPROVE, comment="Puiki mintis – pradėkime nuo rugsėjo."
        )
        accepted.refresh_from_db()
    if accepted.live and not Assignment.objects.filter(proposal=accepted).exists():
        give(
            head,
            Assignment(
                title=accepted.title,
                description=accepted.description,
                assignee=specialist,
                due_date=timezone.localdate() + timedelta(days=FROM_PROPOSAL_DUE_DAYS),
            ),
            proposal=accepted,
        )

    awaiting = _proposal(AWAITING, specialist)
    if not awaiting.live and not awaiting.workflow_in_progress:
        awaiting.get_workflow().start(awaiting, specialist)

    if not Assignment.objects.filter(title=OVERDUE["title"]).exists():
        # Given two weeks ago, due three days ago: it shows how an overdue one stands out.
        overdue = give(
            administration,
            Assignment(
                **OVERDUE,
                assignee=other,
                due_date=timezone.localdate() - timedelta(days=3),
            ),
        )
        Assignment.objects.filter(pk=overdue.pk).update(
            created_at=timezone.now() - timedelta(days=14)
        )


def _proposal(fields, author):
    proposal = Proposal.objects.filter(title=fields["title"]).first()
    if proposal is None:
        proposal = Proposal(**fields, author=author, live=False)
        proposal.save()
        proposal.save_revision(user=author)
    return proposal
