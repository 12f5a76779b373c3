"""Reproduce a contest draw from its record and say whether it matches.

    manage.py verify_contest_draw --draw 12          # a record in this database
    manage.py verify_contest_draw --file record.json  # a record handed over as JSON
    manage.py verify_contest_draw --draw 12 --json    # print the record as JSON

The JSON has the fields algorithm, algorithm_version, seed, entry_ids, entries_hash,
winners_count, reserves_count, winner_ids, reserve_ids (docs/decisions/contests.md).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from editorial.campaigns.contests_draw import draw, reproduce

FIELDS = (
    "algorithm", "algorithm_version", "seed", "entry_ids", "entries_hash",
    "winners_count", "reserves_count", "winner_ids", "reserve_ids",
)  # fmt: skip


class Command(BaseCommand):
    help = "Reproduce a contest draw from its record (a draw id or a JSON file)."

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--draw", type=int, help="the id of a PromotionDraw")
        source.add_argument("--file", help="a JSON file with the record's fields")
        parser.add_argument("--json", action="store_true", help="print the record as JSON")

    def handle(self, *args, **options):
        if options["draw"] is not None:
            from editorial.campaigns.models import PromotionDraw

            record = PromotionDraw.objects.filter(pk=options["draw"]).first()
            if record is None:
                raise CommandError(f"No draw with id {options['draw']}.")
            record = {name: getattr(record, name) for name in FIELDS}
        else:
            try:
                with open(options["file"], encoding="utf-8") as handle:
                    record = json.load(handle)
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read {options['file']}: {error}") from error
            missing = [name for name in FIELDS if name not in record]
            if missing:
                raise CommandError(f"The record lacks: {', '.join(missing)}")
        if options["json"]:
            self.stdout.write(json.dumps(record, indent=2))
        result = reproduce(record)
        outcome = draw(
            record["seed"], record["entry_ids"], record["winners_count"], record["reserves_count"]
        )
        self.stdout.write(f"winners: {outcome.winners}")
        self.stdout.write(f"reserves: {outcome.reserves}")
        if not result.ok:
            raise CommandError("The draw does NOT reproduce: " + "; ".join(result.problems))
        self.stdout.write(self.style.SUCCESS("The draw reproduces: same winners and reserves."))
