"""The compliance audit (rules.md): one pure function per rule code, over fact columns.

Entry point: `evaluate(registers, records, as_of=…, axis=…, overrides=…, packs=…)` → `Audit`,
whose `findings()` / `finding()` build `Finding`s (JSON: `Finding.as_json()`).
"""

from . import consultation, democracy, grievance, inventory, lender, notice, plan, recovery  # noqa: F401
from .engine import evaluate
from .finding import Audit, Finding
from .outcome import CANNOT_EVALUATE, FAIL, NOT_APPLICABLE, OPEN, PASS, RESULTS, RULES

__all__ = [
    "CANNOT_EVALUATE",
    "FAIL",
    "NOT_APPLICABLE",
    "OPEN",
    "PASS",
    "RESULTS",
    "RULES",
    "Audit",
    "Finding",
    "evaluate",
]
