# ruff: noqa: E501
"""The words of the packs' YAML (titles, instruments, articles, notes), marked for translation:
makemessages reads Python, not YAML. Generated: `python -m consultations.rules.pack_texts`
rewrites the list below; tests/rules/test_i18n.py fails when it is behind the packs."""

from pathlib import Path

from .i18n import gettext_noop

TEXTS = (
    # generated
    gettext_noop("0.03 % a day on the amount paid late, per day late"),
    gettext_noop("3 consecutive newspaper issues and 3 radio broadcasts in 3 days"),
    gettext_noop("30 days from the plan approval taking effect (V); the late-payment amount (S)"),
    gettext_noop("30 days from the recovery decision taking effect"),
    gettext_noop("Art. 211"),
    gettext_noop("Art. 252"),
    gettext_noop("Art. 27"),
    gettext_noop("Art. 28"),
    gettext_noop("Art. 59"),
    gettext_noop("Art. 66"),
    gettext_noop("Art. 67"),
    gettext_noop("Art. 69"),
    gettext_noop("Art. 69–70"),
    gettext_noop("Art. 70"),
    gettext_noop("Art. 71"),
    gettext_noop("Art. 83"),
    gettext_noop("Art. 85"),
    gettext_noop("Art. 87"),
    gettext_noop("Art. 87–88"),
    gettext_noop("Art. 89"),
    gettext_noop("Art. 93"),
    gettext_noop("Art. 94"),
    gettext_noop(
        "Bình Thuận merged into Lâm Đồng on 2025-07-01 and whether Lâm Đồng kept 3406 in force is not known"
    ),
    gettext_noop("Decision 3406/QĐ-UBND (Bình Thuận), democracy in land recovery"),
    gettext_noop("Decision 3406/QĐ-UBND (Bình Thuận, 06/12/2021)"),
    gettext_noop("Decree 151/2025/NĐ-CP"),
    gettext_noop("Decree 49/2026/NĐ-CP"),
    gettext_noop("Land Law 2013 (45/2013/QH13)"),
    gettext_noop("Land Law 2013 (45/2013/QH13), Decree 43/2014/NĐ-CP, Decree 47/2014/NĐ-CP"),
    gettext_noop("Land Law 2024 (31/2024/QH15)"),
    gettext_noop("Land Law 2024 (31/2024/QH15), Decree 88/2024/NĐ-CP, Decree 151/2025/NĐ-CP"),
    gettext_noop("Law on Complaints (02/2011/QH13)"),
    gettext_noop("Resolution 254/2025/QH15"),
    gettext_noop("Resolution 254/2025/QH15, Decree 49/2026/NĐ-CP (on Land Law 2024)"),
    gettext_noop("Tax Administration Law (38/2019/QH14)"),
    gettext_noop("World Bank ESS5"),
    gettext_noop("World Bank ESS5 and ESS7; IFC Performance Standard 5"),
    gettext_noop("World Bank ESS5; IFC PS5"),
    gettext_noop("World Bank ESS7"),
    gettext_noop("World Bank Environmental and Social Framework"),
    gettext_noop("census with a cut-off date announced before it closes"),
    gettext_noop("compensation paid before taking possession"),
    gettext_noop("counted from the notice's issue date"),
    gettext_noop("date of the decision"),
    gettext_noop("dialogue with those who disagree before the plan is submitted for approval"),
    gettext_noop("dialogue within 30 days of the opinion meeting"),
    gettext_noop("dialogue within 60 days of the opinion meeting"),
    gettext_noop("effective 2018-10-01"),
    gettext_noop("free, prior and informed consent"),
    gettext_noop("in force from 2024-08-01 (Law 43/2024/QH15 brought it forward)"),
    gettext_noop("no minimum length of persuasion found"),
    gettext_noop("no number found for 2013; the 2024 figure is used"),
    gettext_noop("partly verified"),
    gettext_noop("practitioner sources"),
    gettext_noop("practitioner sources on Land Law 2024 Art. 87(3)"),
    gettext_noop("practitioner sources on publication of a notice"),
    gettext_noop(
        "provincial regulations on democracy in land recovery (Hòa Bình 06/2018, Quảng Nam 3431/2018, Bến Tre 05/2018)"
    ),
    gettext_noop("similar to Land Law 2024 Art. 89(2)"),
    gettext_noop("targeted support for vulnerable households"),
    gettext_noop("text not read"),
    gettext_noop("the 2013 basis is kept as the best available for procedures under the 2024 law"),
    gettext_noop("the commune level takes over on 2025-07-01; parts repealed by Decree 49/2026"),
    gettext_noop("the compulsory inventory decision follows 10 days after persuasion"),
    gettext_noop(
        "the exact start is not verified; 2026-01-31 is the date Decree 49/2026 repealed parts of Decree 151/2025"
    ),
    gettext_noop("the first three conditions (V); the full list of seven is U and not checked"),
    gettext_noop("the opinion meeting is held at the same time as the posting (đồng thời)"),
    gettext_noop("the plan is approved on the same day as the recovery decision"),
    gettext_noop("the rate in force on each late day is not verified before 2020"),
    gettext_noop(
        "the text reads “10 ngày” (calendar days); one procedure description says working days (U)"
    ),
    gettext_noop("“representatives of those whose land is recovered”: at least one"),
)


def collect() -> list[str]:
    """Every distinct title, instrument, article and note of the repository's packs."""
    from .packs import default_packs

    found: set[str] = set()
    for pack in default_packs().values():
        found.add(pack.title)
        refs = [pack.valid_from.reference, pack.valid_to.reference if pack.valid_to else None]
        for param in pack.parameters.values():
            refs += [v.reference for v in param.values]
        for entry in pack.rules.values():
            refs += list(entry.basis)
            for param in entry.parameters.values():
                refs += [v.reference for v in param.values]
        for ref in refs:
            if ref is not None:
                found.update((ref.instrument, ref.article, ref.note))
    return sorted(t for t in found if t)


def write() -> None:
    path = Path(__file__)
    text = path.read_text(encoding="utf-8")
    head, rest = text.split("TEXTS = (\n", 1)
    tail = rest.split("\n)\n", 1)[1]
    lines = "".join(f"    gettext_noop({t!r}),\n" for t in collect())
    path.write_text(f"{head}TEXTS = (\n    # generated\n{lines})\n{tail}", encoding="utf-8")


if __name__ == "__main__":
    write()
