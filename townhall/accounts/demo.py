from __future__ import annotations

from townhall.accounts.models import User
from townhall.accounts.personas import DEMO_PASSWORD, PERSONAS, PERSONAS_BY_KEY, Persona
from townhall.accounts.services import role_grant, user_create


def ensure_persona(persona: Persona) -> User:
    """The persona's account, created with its roles on first use (idempotent)."""
    user = User.objects.filter(username=persona.username).first()
    if user is None:
        user = user_create(
            actor=None,
            username=persona.username,
            password=DEMO_PASSWORD,
            email=f"{persona.username}@example.org",
            first_name=persona.first_name,
            last_name=persona.last_name,
        )
    for role in persona.roles:
        role_grant(actor=None, user=user, role=role, unit_name=persona.unit_name)
    return user


def ensure_persona_by_key(key: str) -> User:
    return ensure_persona(PERSONAS_BY_KEY[key])


def load_demo_people() -> list[tuple[str, str]]:
    """Create one account per persona. Returns (username, roles) for printing."""
    rows = []
    for p in PERSONAS:
        ensure_persona(p)
        rows.append((p.username, ", ".join(str(r.label) for r in p.roles)))  # type: ignore[attr-defined]
    return rows
