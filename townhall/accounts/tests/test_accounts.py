"""Sign-in, throttling, and roles (seed 002 VII-A: the Chief of OCPR and designees)."""

from __future__ import annotations

import pytest

from townhall.accounts.models import Role
from townhall.accounts.personas import DEMO_PASSWORD
from townhall.accounts.selectors import has_role, is_staff_member, user_roles
from townhall.accounts.services import role_grant, role_revoke
from townhall.core.errors import DomainError, NotAllowed
from townhall.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_staff_sign_in_lands_in_the_staff_area(client, persona) -> None:
    persona("oee")
    response = client.post(
        "/accounts/login/", {"username": "oee.coordinator", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/staff/"


def test_department_member_sign_in_goes_to_the_public_site(client, persona) -> None:
    persona("department_member")
    response = client.post(
        "/accounts/login/", {"username": "officer.member", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_login_is_throttled_after_five_failures_even_with_the_right_password(
    client, persona
) -> None:
    persona("rd")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "rd.analyst", "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": "rd.analyst", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.text


def test_failed_logins_store_no_ip_address(client, persona) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    persona("rd")
    client.post(
        "/accounts/login/",
        {"username": "rd.analyst", "password": "wrong"},
        REMOTE_ADDR="203.0.113.9",
    )
    client.post("/accounts/login/", {"username": "rd.analyst", "password": DEMO_PASSWORD})
    assert AccessAttempt.objects.count() == 0
    assert AccessLog.objects.count() == 0
    assert AccessFailureLog.objects.count() == 0


def test_chief_and_designee_hold_the_authorizing_roles_VII_A(persona) -> None:
    assert has_role(persona("ocpr_chief"), Role.OCPR_CHIEF)
    assert has_role(persona("ocpr_designee"), Role.OCPR_DESIGNEE)
    assert not has_role(persona("ocpr"), Role.OCPR_CHIEF, Role.OCPR_DESIGNEE)


def test_a_person_can_hold_several_roles(persona) -> None:
    assert user_roles(persona("rd")) == {Role.RD, Role.DEPARTMENT_MEMBER}


def test_department_member_is_not_staff(persona) -> None:
    assert not is_staff_member(persona("department_member"))
    assert is_staff_member(persona("communications"))


def test_admin_grants_and_revokes_roles_with_audit(persona, admin_user) -> None:
    member = persona("department_member")
    role_grant(actor=admin_user, user=member, role=Role.TRAINING)
    assert has_role(member, Role.TRAINING)
    role_revoke(actor=admin_user, user=member, role=Role.TRAINING)
    assert not has_role(member, Role.TRAINING)
    actions = list(
        AuditEvent.objects.filter(object_id=str(member.pk)).values_list("action", flat=True)
    )
    assert "role.grant" in actions and "role.revoke" in actions


def test_only_admin_grants_roles(persona) -> None:
    with pytest.raises(NotAllowed):
        role_grant(actor=persona("ocpr_chief"), user=persona("oee"), role=Role.ADMIN)


def test_admin_cannot_remove_own_admin_role(admin_user) -> None:
    with pytest.raises(DomainError):
        role_revoke(actor=admin_user, user=admin_user, role=Role.ADMIN)


def test_role_form_via_staff_page(client_as, persona) -> None:
    target = persona("oee")
    response = client_as("admin").post(
        f"/staff/accounts/{target.pk}/roles/",
        {"role": "training", "action": "grant", "unit_name": ""},
    )
    assert response.status_code == 302
    assert has_role(target, Role.TRAINING)
