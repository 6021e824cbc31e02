"""The people Townhall is built for, as sign-in accounts. Shared by the demo and the tests."""

from __future__ import annotations

from dataclasses import dataclass

from townhall.accounts.models import Role


@dataclass(frozen=True)
class Persona:
    key: str
    username: str
    first_name: str
    last_name: str
    roles: tuple[str, ...]
    unit_name: str = ""


PERSONAS: tuple[Persona, ...] = (
    Persona("department_member", "officer.member", "Dana", "Reyes", (Role.DEPARTMENT_MEMBER,)),
    Persona("rd", "rd.analyst", "Morgan", "Lee", (Role.RD, Role.DEPARTMENT_MEMBER)),
    Persona("oee", "oee.coordinator", "Aisha", "Okafor", (Role.OEE, Role.DEPARTMENT_MEMBER)),
    Persona("ocpr", "ocpr.staff", "Tomasz", "Nowak", (Role.OCPR, Role.DEPARTMENT_MEMBER)),
    Persona("ocpr_chief", "ocpr.chief", "Renee", "Washington", (Role.OCPR_CHIEF, Role.OCPR)),
    Persona("ocpr_designee", "ocpr.designee", "Luis", "Hernandez", (Role.OCPR_DESIGNEE, Role.OCPR)),
    Persona("pscd", "pscd.analyst", "Priya", "Shah", (Role.PSCD, Role.DEPARTMENT_MEMBER)),
    Persona("communications", "comms.officer", "Wei", "Zhang", (Role.COMMUNICATIONS,)),
    Persona(
        "training", "training.officer", "Marcus", "Bell", (Role.TRAINING, Role.DEPARTMENT_MEMBER)
    ),
    Persona(
        "originating_unit",
        "patrol.unit",
        "Karen",
        "Kowalski",
        (Role.ORIGINATING_UNIT, Role.DEPARTMENT_MEMBER),
        unit_name="Bureau of Patrol",
    ),
    Persona("admin", "admin", "Sam", "Admin", (Role.ADMIN,)),
)

PERSONAS_BY_KEY = {p.key: p for p in PERSONAS}
DEMO_PASSWORD = "townhall-demo"  # noqa: S105  (demo accounts only; printed by make run)
