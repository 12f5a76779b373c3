"""Registers of moderated content offer the same state filter (states.state_choices):
the same codes in the same order, each one a code `filter_by_moderation_state` knows."""

from django.utils import translation

from editorial.moderation import states
from editorial.moderation.proposal_filters import STATE_CHOICES as PROPOSAL_STATES
from grants.actions_filters import DONE
from grants.actions_filters import STATE_CHOICES as ACTION_STATES

CODES = [states.DRAFT, states.IN_MODERATION, states.CHANGES_REQUESTED, states.APPROVED]
CODES.append(states.DECLINED)


def test_every_register_offers_the_shared_states_in_one_order():
    assert [code for code, _label in states.state_choices()] == CODES
    assert [code for code, _label in PROPOSAL_STATES] == CODES
    assert [code for code, _label in ACTION_STATES] == [*CODES, DONE]


@translation.override("en")
def test_a_register_keeps_its_own_word_for_approved():
    assert str(dict(PROPOSAL_STATES)[states.APPROVED]) == "Accepted"
    assert str(dict(ACTION_STATES)[states.APPROVED]) == "Approved, not done"
    assert str(dict(states.state_choices())[states.APPROVED]) == "Approved"
