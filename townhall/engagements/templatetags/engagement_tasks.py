"""The task table's memory of a note typed for a move the service refused, so the refusal
loses nothing already entered (the task lists redirect after every POST)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

SESSION_KEY = "kept_task_notes"


def keep_task_note(request: Any, task_id: int, note: str) -> None:
    notes = dict(request.session.get(SESSION_KEY, {}))
    notes[str(task_id)] = note
    request.session[SESSION_KEY] = notes


@register.simple_tag(takes_context=True)
def kept_task_note(context: Any, task_id: int) -> str:
    """The note kept for this task, once: shown again in its box, then forgotten."""
    request = context.get("request")
    session = getattr(request, "session", None)
    if session is None or SESSION_KEY not in session:
        return ""
    notes = dict(session[SESSION_KEY])
    note = str(notes.pop(str(task_id), ""))
    session[SESSION_KEY] = notes
    return note
