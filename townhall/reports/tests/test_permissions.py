"""Who may do what with reports, evaluations and records (seed 002 V-D-3, VI-B-1, VI-B-7,
VI-D-2, VI-E-2, VII-D-5, VIII): each permission function for each persona, and for a
resident who is not signed in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from townhall.accounts.models import Role, User
from townhall.accounts.personas import PERSONAS
from townhall.engagements.models import Engagement
from townhall.reports import permissions

pytestmark = pytest.mark.django_db

KEYS = [p.key for p in PERSONAS]
OCPR = {"ocpr", "ocpr_chief", "ocpr_designee"}


def _engagement(**subject: object) -> Engagement:
    """An engagement as the permission functions read it: its subject and originating unit
    (nothing is saved)."""
    values: dict[str, object] = {"title": "Engagement", "originating_unit": "Bureau of Patrol"}
    values.update(subject)
    return Engagement(**values)


ON_DIRECTIVE = _engagement(directive_id=1)
ON_TRAINING = _engagement(training_id=1, originating_unit="Education and Training Division")
ON_OTHER = _engagement(other_subject="The Department's language access plan")
OF_ANOTHER_UNIT = _engagement(directive_id=1, originating_unit="Bureau of Detectives")


def _who(all_personas: dict[str, User], check: object) -> set[str]:
    assert callable(check)
    return {key for key, user in all_personas.items() if check(user)}


def test_every_persona_is_covered(all_personas: dict[str, User]) -> None:
    assert set(all_personas) == set(KEYS)


def test_staff_read_the_reports_being_prepared(all_personas: dict[str, User]) -> None:
    assert _who(all_personas, permissions.can_view_reports) == set(KEYS) - {"department_member"}
    assert not permissions.can_view_reports(AnonymousUser())


def test_oee_rd_training_and_the_engagements_own_unit_prepare_the_report_VII_D_5(
    all_personas: dict[str, User],
) -> None:
    preparers = {"oee", "rd", "training", "admin", "originating_unit"}
    for engagement in (ON_DIRECTIVE, ON_OTHER):
        assert (
            _who(all_personas, lambda u: permissions.can_prepare_report(u, engagement)) == preparers
        )
    # Another unit's originating staff do not prepare it.
    assert _who(
        all_personas, lambda u: permissions.can_prepare_report(u, OF_ANOTHER_UNIT)
    ) == preparers - {"originating_unit"}
    assert not permissions.can_prepare_report(AnonymousUser(), ON_DIRECTIVE)


def test_report_approved_by_rd_for_a_directive_VI_D_2(all_personas: dict[str, User]) -> None:
    assert permissions.responsible_roles(ON_DIRECTIVE) == (Role.RD,)
    assert _who(all_personas, lambda u: permissions.can_approve_report(u, ON_DIRECTIVE)) == {
        "rd",
        "admin",
    }


def test_report_approved_by_the_training_division_for_a_training_VI_E_2(
    all_personas: dict[str, User],
) -> None:
    assert permissions.responsible_roles(ON_TRAINING) == (Role.TRAINING,)
    assert _who(all_personas, lambda u: permissions.can_approve_report(u, ON_TRAINING)) == {
        "training",
        "admin",
    }


def test_report_approved_by_ocpr_for_another_subject_IV_D(all_personas: dict[str, User]) -> None:
    assert set(permissions.responsible_roles(ON_OTHER)) == {
        Role.OCPR,
        Role.OCPR_CHIEF,
        Role.OCPR_DESIGNEE,
    }
    assert _who(all_personas, lambda u: permissions.can_approve_report(u, ON_OTHER)) == OCPR | {
        "admin"
    }


def test_nobody_signed_out_approves(all_personas: dict[str, User]) -> None:
    for engagement in (ON_DIRECTIVE, ON_TRAINING, ON_OTHER):
        assert not permissions.can_approve_report(AnonymousUser(), engagement)


def test_oee_ocpr_rd_training_and_pscd_read_the_evaluation_VI_B_1_VIII_A(
    all_personas: dict[str, User],
) -> None:
    assert _who(all_personas, permissions.can_view_evaluation) == OCPR | {
        "oee",
        "rd",
        "training",
        "pscd",
        "admin",
    }
    assert not permissions.can_view_evaluation(AnonymousUser())


def test_oee_ocpr_and_communications_prepare_the_annual_section_VI_B_7_VIII_B(
    all_personas: dict[str, User],
) -> None:
    assert _who(all_personas, permissions.can_view_annual) == OCPR | {
        "oee",
        "communications",
        "admin",
    }
    assert not permissions.can_view_annual(AnonymousUser())


def test_records_with_hidden_comments_and_addresses_go_to_their_keepers_VI_B_4_VII_D(
    all_personas: dict[str, User],
) -> None:
    assert _who(all_personas, permissions.can_export_records) == {"oee", "rd", "pscd", "admin"}
    assert not permissions.can_export_records(AnonymousUser())


def test_an_inactive_account_may_do_nothing(all_personas: dict[str, User]) -> None:
    user = all_personas["admin"]
    user.is_active = False
    checks = [
        permissions.can_view_reports(user),
        permissions.can_prepare_report(user, ON_DIRECTIVE),
        permissions.can_approve_report(user, ON_DIRECTIVE),
        permissions.can_view_evaluation(user),
        permissions.can_view_annual(user),
        permissions.can_export_records(user),
    ]
    assert checks == [False] * len(checks)
