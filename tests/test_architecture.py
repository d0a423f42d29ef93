"""Architecture rules from the design: dependencies point one way, rule modules are pure,
no signal receivers for domain behaviour."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["landcases", "consultations", "maps", "config"]


def python_files(app):
    return [p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_landcases_never_imports_consultations_or_maps():
    for path in python_files("landcases"):
        bad = {m for m in imported_modules(path) if m.split(".")[0] in ("consultations", "maps")}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_nothing_imports_maps():
    for app in ("landcases", "consultations"):
        for path in python_files(app):
            bad = {m for m in imported_modules(path) if m.split(".")[0] == "maps"}
            assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_rule_modules_import_no_django():
    rule_files = [p for app in APPS for p in python_files(app) if "rules" in p.parts]
    rule_files += [ROOT / "landcases" / "land_use_codes.py"]
    for path in rule_files:
        bad = {m for m in imported_modules(path) if m.split(".")[0] in ("django", "rest_framework")}
        assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_no_signal_receivers_in_app_code():
    for app in APPS:
        for path in python_files(app):
            text = path.read_text(encoding="utf-8")
            assert "@receiver" not in text and ".connect(" not in text, (
                f"{path.relative_to(ROOT)} registers a signal receiver"
            )


def test_no_inline_scripts_in_our_templates():
    for path in (ROOT / "templates").rglob("*.html"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "<script" in line:
                assert "src=" in line, f"{path.relative_to(ROOT)}: inline <script>"


def test_the_domain_apps_never_import_the_demo_generators():
    for app in ("landcases", "consultations", "maps", "config"):
        for path in python_files(app):
            bad = {m for m in imported_modules(path) if m.split(".")[0] == "demo"}
            assert not bad, f"{path.relative_to(ROOT)} imports {bad}"


def test_nothing_reads_outside_the_repository():
    """The demo and benchmark shapes live in demo/data/: no code or script reaches for the
    design folder's data beside the repository."""
    this = Path(__file__).resolve()
    code = [p for d in (*APPS, "demo", "bench", "tests") for p in python_files(d)]
    code += [p for p in (ROOT / "bin").iterdir() if p.is_file()]
    for path in code:
        if path.resolve() == this:
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("shared/data", '"shared"', "SHARED_DATA_DIR", "parent.parent.parent"):
            assert needle not in text, f"{path.relative_to(ROOT)} mentions {needle}"
