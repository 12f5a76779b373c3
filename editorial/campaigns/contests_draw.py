"""The contest draw algorithm: pure functions, no database, so anyone holding a draw
record can reproduce the draw (docs/decisions/contests.md explains it step by step).

Algorithm "sha256-rank", version 1:

1. The frozen list is the eligible entry ids in ascending order.
2. Its hash is SHA-256 of the ids written in decimal, joined by "," (ASCII), in hex.
3. Each id gets the rank key SHA-256("<seed>:<id>") in hex, where <seed> is the
   recorded seed (hex text) and <id> the id in decimal (ASCII).
4. The ids are sorted by (rank key, id); the first `winners` are the winners, the next
   `reserves` the reserve winners, in that order.

The seed comes from `secrets` when the draw is run, after the list is frozen, so
nobody can pick a seed that favours an entry they know is in the list.
"""

import hashlib
import secrets
from dataclasses import dataclass

ALGORITHM = "sha256-rank"
ALGORITHM_VERSION = 1


@dataclass(frozen=True)
class Outcome:
    winners: list
    reserves: list


def new_seed():
    """256 random bits from the operating system, as 64 hex characters."""
    return secrets.token_hex(32)


def frozen_list(entry_ids):
    return sorted(int(entry_id) for entry_id in entry_ids)


def list_hash(entry_ids):
    text = ",".join(str(entry_id) for entry_id in frozen_list(entry_ids))
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def rank_key(seed, entry_id):
    return hashlib.sha256(f"{seed}:{int(entry_id)}".encode("ascii")).hexdigest()


def draw(seed, entry_ids, winners, reserves):
    """The outcome of a draw from `seed` over `entry_ids` (any order)."""
    ranked = sorted(
        frozen_list(entry_ids), key=lambda entry_id: (rank_key(seed, entry_id), entry_id)
    )
    return Outcome(winners=ranked[:winners], reserves=ranked[winners : winners + reserves])


@dataclass(frozen=True)
class Verification:
    ok: bool
    problems: list


def reproduce(record):
    """Check a draw record (a PromotionDraw or a dict with the same fields): the hash
    matches the frozen list, and the algorithm gives the recorded winners and reserves."""
    get = record.get if isinstance(record, dict) else lambda name: getattr(record, name)
    problems = []
    if (get("algorithm"), int(get("algorithm_version"))) != (ALGORITHM, ALGORITHM_VERSION):
        problems.append(f"unknown algorithm {get('algorithm')} v{get('algorithm_version')}")
        return Verification(False, problems)
    entry_ids = list(get("entry_ids"))
    if entry_ids != frozen_list(entry_ids):
        problems.append("the frozen list is not in ascending order")
    if list_hash(entry_ids) != get("entries_hash"):
        problems.append("the hash does not match the frozen list")
    outcome = draw(get("seed"), entry_ids, int(get("winners_count")), int(get("reserves_count")))
    if outcome.winners != list(get("winner_ids")):
        problems.append(f"winners differ: recorded {get('winner_ids')}, computed {outcome.winners}")
    if outcome.reserves != list(get("reserve_ids")):
        problems.append(
            f"reserves differ: recorded {get('reserve_ids')}, computed {outcome.reserves}"
        )
    return Verification(not problems, problems)
