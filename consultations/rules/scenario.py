"""Running audit scenario files (docs/scenarios.md): events in, expected findings out.

The runner builds the registers and records from the file and runs the audit with exactly
the code the project uses (facts.build_facts, audit.evaluate), then prints each expectation as
met or not. `check_files` returns a non-zero status when one is not met or a file is invalid
(the Django side wraps it as `manage.py audit_check FILE…`).

    python -m consultations.rules.scenario tests/rules/scenarios/*.yaml
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from .audit import Audit, Finding, evaluate
from .packs import PackError
from .scenario_load import Expectation, Scenario, ScenarioError, load_scenario

__all__ = ["Checked", "ScenarioError", "check_files", "load_scenario", "run_scenario"]


@dataclass
class Checked:
    expectation: Expectation
    finding: Finding | None
    problems: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return not self.problems


def principal_days(finding: Finding) -> int | None:
    """The day count a rule reports: its function's first computed `*_days` value."""
    for key, value in finding.computed.items():
        if key.endswith("_days") and isinstance(value, int):
            return value
    return None


def _check(x: Expectation, audit: Audit) -> Checked:
    run = audit.runs.get(x.rule)
    if run is None:
        return Checked(x, None, [f"{x.rule} is not a rule of the listed packs"])
    if run.subject != x.subject[0]:
        return Checked(x, None, [f"{x.rule} is about a {run.subject}, not a {x.subject[0]}"])
    sid = x.subject[1] if x.subject[0] != "project" else audit.facts.table("project").ids[0]
    try:
        finding = audit.finding(x.rule, x.subject[0], int(sid))
    except KeyError:
        return Checked(x, None, [f"no {x.subject[0]} {x.subject[1]} in the scenario"])
    problems = []
    if finding.result != x.result:
        problems.append(f"result {finding.result}, expected {x.result}")
    actual: dict[str, Any] = {
        "due_on": finding.due_on,
        "since": finding.since,
        "days": principal_days(finding),
        "severity": finding.severity,
        "pack": finding.pack["id"] if finding.pack else None,
    }
    for key, want in x.checks.items():
        if key == "computed":
            for name, value in want.items():
                got = finding.computed.get(name, finding.facts.get(name))
                if isinstance(got, date):
                    got = got.isoformat()
                if isinstance(value, date):
                    value = value.isoformat()
                if got != value:
                    problems.append(f"{name} {got!r}, expected {value!r}")
        elif key == "missing":
            if want not in (finding.missing or ""):
                problems.append(f"missing {finding.missing!r}, expected it to name {want!r}")
        elif actual[key] != want:
            problems.append(f"{key} {actual[key]}, expected {want}")
    return Checked(x, finding, problems)


def run_scenario(scenario: Scenario) -> list[Checked]:
    audits: dict[tuple[date, str], Audit] = {}
    checked = []
    for x in scenario.expectations:
        key = (x.as_of, x.axis)
        if key not in audits:
            audits[key] = evaluate(
                scenario.registers,
                scenario.records,
                as_of=x.as_of,
                axis=x.axis,
                overrides=scenario.overrides,
            )
        checked.append(_check(x, audits[key]))
    return checked


def _line(c: Checked) -> str:
    x = c.expectation
    subject = f"{x.subject[0]} {x.subject[1]}" if x.subject[0] != "project" else "project"
    mark = "met" if c.met else "NOT MET"
    head = f"{mark}  {x.rule} {subject} as of {x.as_of} ({x.axis}): {x.result}"
    if c.met:
        return head
    detail = "; ".join(c.problems)
    reason = f" — {c.finding.reason}" if c.finding else ""
    return f"{head}\n        {detail}{reason}"


def check_files(paths: Iterable[str | Path], out: TextIO = sys.stdout) -> int:
    """Run each scenario file and print every expectation; 0 when all are met."""
    status = 0
    for path in paths:
        path = Path(path)
        try:
            scenario = load_scenario(path)
        except ScenarioError as error:
            print(f"INVALID {error}", file=out)
            status = 1
            continue
        except OSError as error:
            print(f"INVALID {path}: {error.strerror or error}", file=out)
            status = 1
            continue
        print(f"{path.name}: {scenario.title}", file=out)
        try:
            checked = run_scenario(scenario)
        except PackError as error:  # e.g. two overrides of the same thing at once
            print(f"INVALID {path.name}: {error}", file=out)
            status = 1
            continue
        for c in checked:
            print(f"  {_line(c)}", file=out)
            if not c.met:
                status = 1
    return status


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print("usage: python -m consultations.rules.scenario FILE.yaml…", file=sys.stderr)
        return 2
    return check_files(args)


if __name__ == "__main__":
    raise SystemExit(main())
