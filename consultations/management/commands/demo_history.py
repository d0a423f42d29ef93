"""Gives the demo project consultation histories (consultations/demo_history.py), once."""

from django.core.management.base import BaseCommand, CommandError

from consultations import demo_history
from consultations.rules.stages import STAGES
from landcases import demo


class Command(BaseCommand):
    help = (
        "Record realistic, dated consultation histories for the demo project (notices, "
        "inventories, postings, meetings, opinions, dialogues, supervision, corrections, "
        "approvals, payments, handovers). Does nothing if the demo project has events."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=demo_history.SEED)
        parser.add_argument(
            "--one-by-one",
            action="store_true",
            help="record every per-case event through the services (slower) instead of in bulk",
        )

    def handle(self, *args, seed, one_by_one, **options):
        project = demo.find_demo_project()
        if project is None:
            raise CommandError(
                f"The demo project {demo.PROJECT_CODE} does not exist: run manage.py demo_project."
            )
        result = demo_history.build_demo_history(project, seed=seed, bulk=not one_by_one)
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
