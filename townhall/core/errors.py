"""Domain errors: a rule of the process was broken.

Services raise these; views turn them into a message for the person and the API into a 409 or
422. The message is already translated and safe to show to anyone.
"""

from __future__ import annotations


class DomainError(Exception):
    """A request that the rules of the process do not allow."""

    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class IllegalTransition(DomainError):
    """A move between statuses that the workflow does not allow from the current status."""

    code = "illegal_transition"


class NotAllowed(DomainError):
    """The actor's roles do not allow this action (the permission policy said no)."""

    code = "not_allowed"


class FieldsInvalid(DomainError):
    """Field-level problems with what a form or the API sent; `errors` maps each field's
    name to its message, so the form shows each beside its field and keeps what was typed."""

    code = "invalid"

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


class ResubmittedChanged(DomainError):
    """The same one-time form (or Idempotency-Key) came back with something else in it: not
    a retry of the first submission."""

    code = "resubmitted_changed"
