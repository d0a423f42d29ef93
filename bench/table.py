"""What a benchmark returns (rows) and the one table they make."""

from __future__ import annotations

import statistics
import sys
import time
from dataclasses import dataclass, field


@dataclass
class Row:
    """One line of the table. Times in seconds; `baseline` is the naive way in the same run."""

    name: str
    ours: float | None
    baseline: float | None = None
    target: str = ""
    passed: bool | None = None  # None: no target
    notes: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours and self.baseline is not None:
            return self.baseline / self.ours
        return None


@dataclass
class Context:
    """What every benchmark gets: the bench project and the command's options."""

    project: object
    parcels: int
    options: object
    log: object = field(default=None)

    def say(self, text: str) -> None:
        (self.log or log)(text)


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    if value < 100:
        return f"{value:.2f} s"
    return f"{value:.0f} s"


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - t0, result


def median(values: list[float]) -> float:
    return statistics.median(values)


def format_table(rows: list[Row]) -> str:
    header = ("benchmark", "ours", "baseline", "ratio", "target", "result", "notes")
    lines = []
    for r in rows:
        ratio = r.ratio
        lines.append(
            (
                r.name,
                seconds(r.ours),
                seconds(r.baseline),
                f"{ratio:.1f}×" if ratio is not None else "–",
                r.target or "–",
                "–" if r.passed is None else ("pass" if r.passed else "FAIL"),
                r.notes,
            )
        )
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    right = {1, 2, 3}  # numbers

    def fmt(cells) -> str:
        out = [
            c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)
        ]
        return "| " + " | ".join(out) + " |"

    rule = (
        "|"
        + "|".join(
            "-" * (w + 1) + ":" if i in right else "-" * (w + 2) for i, w in enumerate(widths)
        )
        + "|"
    )
    return "\n".join([fmt(header), rule, *(fmt(line) for line in lines)])
