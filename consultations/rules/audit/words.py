"""Words a finding shows that are codes, marked for translation (the English is the code itself,
as the JSON shows it): results, severities, and the codes of the record that reasons name.

tests/rules/test_i18n.py checks that every code a reason can show is here.
"""

from ..i18n import gettext_noop

RESULT_WORDS = (
    gettext_noop("pass"),
    gettext_noop("fail"),
    gettext_noop("open"),
    gettext_noop("not_applicable"),
    gettext_noop("cannot_evaluate"),
)
SEVERITY_WORDS = (gettext_noop("critical"), gettext_noop("major"), gettext_noop("minor"))

# Codes of the record that a reason names ({kind}, {opinion}, {land_group}, {fpic_consent},
# {approval_authority}, {expected_authority}).
CODE_WORDS = {
    "meeting_kind": (
        gettext_noop("dissemination"),
        gettext_noop("consultation"),
        gettext_noop("dialogue"),
        gettext_noop("household_visit"),
    ),
    "opinion": (
        gettext_noop("agree"),
        gettext_noop("disagree"),
        gettext_noop("other"),
        gettext_noop("no_opinion"),
    ),
    "land_group": (
        gettext_noop("agricultural"),
        gettext_noop("non_agricultural"),
        gettext_noop("unused"),
    ),
    "fpic_consent": (gettext_noop("given"), gettext_noop("withheld"), gettext_noop("pending")),
    "authority": (
        gettext_noop("province_pc"),
        gettext_noop("district_pc"),
        gettext_noop("commune_pc"),
        gettext_noop("commune_chairman"),
        gettext_noop("other"),
    ),
}
