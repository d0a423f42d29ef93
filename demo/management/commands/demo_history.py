"""Gives the demo project consultation histories (demo/history/), once."""

from django.core.management.base import BaseCommand, CommandError

from consultations.rules.stages import STAGES
from demo import history as demo_history
from demo import project as demo
from demo.writing import NotSeedable


class Command(BaseCommand):
    help = (
        "Record realistic, dated consultation histories for the demo project (notices, "
        "inventories, postings, meetings, opinions, dialogues, supervision, corrections, "
        "approvals, payments, handovers). Does nothing if the demo project has events."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=demo_history.SEED)

    def handle(self, *args, seed, **options):
        project = demo.find_demo_project()
        if project is None:
            raise CommandError(
                f"The demo project {demo.PROJECT_CODE} does not exist: run manage.py demo_project."
            )
        try:
            result = demo_history.build_demo_history(project, seed=seed)
        except NotSeedable as exc:
            raise CommandError(str(exc)) from exc
        if not result.created:
            total = sum(result.events_by_kind.values())
            self.stdout.write(
                f"The demo project {demo.PROJECT_CODE} already has {total} events: nothing to do."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo history recorded in {result.seconds:.1f} s: "
                f"{sum(result.events_by_kind.values())} events, {result.corrections} corrections "
                f"or voids, {result.warned_events} with warnings."
            )
        )
        self._print(result)

    def _print(self, result):
        self.stdout.write("Events by kind:")
        for kind, n in sorted(result.events_by_kind.items(), key=lambda kv: -kv[1]):
            self.stdout.write(f"  {kind:<22}{n:>6}")
        areas = list(result.stages_by_area)
        width = max(14, *(len(a) + 2 for a in areas))
        self.stdout.write("Cases by stage:")
        self.stdout.write(" " * 14 + "".join(f"{a:>{width}}" for a in areas))
        for stage in STAGES:
            row = [result.stages_by_area[a].get(stage, 0) for a in areas]
            if any(row):
                self.stdout.write(f"  {stage:<12}" + "".join(f"{n:>{width}}" for n in row))
