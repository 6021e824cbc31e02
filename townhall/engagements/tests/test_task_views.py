"""The units' task lists, the step button on an engagement, and the staff dashboard (VI)."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from townhall.engagements.models import Level, UnitTask
from townhall.engagements.tests.helpers import determined

pytestmark = pytest.mark.django_db


def test_step_button_moves_the_engagement_and_hands_out_tasks_V_A_VI(
    client_as, persona, d22_draft
) -> None:  # type: ignore[no-untyped-def]
    engagement = determined(persona, Level.TARGETED)
    client = client_as("oee")
    url = f"/staff/engagements/{engagement.pk}/"
    assert "Move to “Step 1: outreach and public sentiment (V-B)”" in client.get(url).text
    client.post(url + "step/", {"to": "outreach"})
    engagement.refresh_from_db()
    assert engagement.status == "outreach"
    page = client.get(url).text
    assert "VI-B-2" in page and "Move to “Step 2: engagement (V-C)”" in page
    wrong = client.post(url + "step/", {"to": "concluded"}, follow=True).text
    assert "cannot move to" in wrong


def test_a_unit_sees_its_own_tasks_by_default_VI(client_as, persona, d22_draft) -> None:  # type: ignore[no-untyped-def]
    engagement = determined(persona, Level.TARGETED)
    client_as("oee").post(f"/staff/engagements/{engagement.pk}/step/", {"to": "outreach"})
    client_as("oee").post(f"/staff/engagements/{engagement.pk}/step/", {"to": "engaging"})
    rd_page = client_as("rd").get("/staff/engagements/tasks/").text
    assert "VI-D-1" in rd_page and "VI-B-4" not in rd_page
    oee_page = client_as("oee").get("/staff/engagements/tasks/").text
    assert "VI-B-4" in oee_page and "VI-D-1" not in oee_page
    everyone = client_as("rd").get("/staff/engagements/tasks/?unit=all").text
    assert "VI-B-4" in everyone and "VI-D-1" in everyone


def test_overdue_tasks_say_so_in_words_and_on_the_dashboard_VI(
    client_as, persona, d22_draft
) -> None:  # type: ignore[no-untyped-def]
    engagement = determined(persona, Level.POSTING)
    client_as("oee").post(f"/staff/engagements/{engagement.pk}/step/", {"to": "outreach"})
    task = UnitTask.objects.get(engagement=engagement, duty="VI-B-2")
    later = datetime.datetime.combine(task.due_on + datetime.timedelta(days=3), datetime.time(12))
    with time_machine.travel(later, tick=False):
        tasks = client_as("oee").get("/staff/engagements/tasks/").text
        assert "Overdue by 3 days" in tasks
        home = client_as("oee").get("/staff/").text
        assert "tasks are overdue across all units" in home or "task is overdue" in home
        assert "VI-B-2" in home
        rd_home = client_as("rd").get("/staff/").text
        assert "None of them is your unit" in rd_home


def test_completing_a_task_from_the_list(client_as, persona, d22_draft) -> None:  # type: ignore[no-untyped-def]
    engagement = determined(persona, Level.POSTING)
    client_as("oee").post(f"/staff/engagements/{engagement.pk}/step/", {"to": "outreach"})
    task = UnitTask.objects.get(engagement=engagement, duty="VI-B-2")
    url = f"/staff/engagements/tasks/{task.pk}/"
    assert client_as("rd").post(url, {f"t{task.pk}-action": "complete"}).status_code == 403
    refused = client_as("oee").post(url, {f"t{task.pk}-action": "waive"}, follow=True).text
    assert "Say why the task is not needed" in refused
    client_as("oee").post(
        url,
        {f"t{task.pk}-action": "complete", f"t{task.pk}-note": "CCPSA and MOPD consulted."},
    )
    task.refresh_from_db()
    assert (task.status, task.note) == ("done", "CCPSA and MOPD consulted.")
    after = client_as("oee").get("/staff/engagements/tasks/?status=done").text
    assert "CCPSA and MOPD consulted." in after


def test_the_task_form_goes_back_only_to_this_site(client_as, persona, d22_draft) -> None:  # type: ignore[no-untyped-def]
    engagement = determined(persona, Level.POSTING)
    task = UnitTask.objects.get(engagement=engagement)
    response = client_as("admin").post(
        f"/staff/engagements/tasks/{task.pk}/",
        {f"t{task.pk}-action": "complete", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/staff/engagements/tasks/"


def test_dashboard_counts_engagements_by_step_and_level(client_as, persona, d22_draft) -> None:  # type: ignore[no-untyped-def]
    determined(persona, Level.ENHANCED)
    page = client_as("pscd").get("/staff/").text
    assert "Engagements by step and level of engagement" in page
    assert 'role="img"' in page  # the chart, beside its table


def test_dashboard_lists_postings_closing_soon_VII_B(client_as, persona, d22_draft) -> None:  # type: ignore[no-untyped-def]
    from townhall.postings.tests.factories import open_posting

    posting = open_posting(d22_draft)
    assert posting.closes_at is not None
    before = client_as("rd").get("/staff/").text
    assert "None in the next 7 days" in before
    with time_machine.travel(posting.closes_at - datetime.timedelta(days=3), tick=False):
        page = client_as("rd").get("/staff/").text
    assert "None in the next 7 days" not in page and "Closes" in page


def test_an_originating_unit_sees_only_its_own_engagements_tasks_VI_C(
    client_as, persona, d22_draft
) -> None:  # type: ignore[no-untyped-def]
    determined(persona, Level.POSTING)  # originating unit "OEE": not Patrol's
    page = client_as("originating_unit").get("/staff/engagements/tasks/").text
    assert "VI-C-1" not in page
    everyone = client_as("originating_unit").get("/staff/engagements/tasks/?unit=all").text
    assert "VI-C-1" in everyone


def test_a_refused_task_move_keeps_the_typed_note(client_as, persona, d22_draft) -> None:  # type: ignore[no-untyped-def]
    """Bad input loses nothing already entered: the note comes back in its box, once."""
    engagement = determined(persona, Level.POSTING)
    client = client_as("oee")
    client.post(f"/staff/engagements/{engagement.pk}/step/", {"to": "outreach"})
    task = UnitTask.objects.get(engagement=engagement, duty="VI-B-2")
    url = f"/staff/engagements/tasks/{task.pk}/"
    page = client.post(
        url, {f"t{task.pk}-action": "", f"t{task.pk}-note": "Called the CCPSA office."}, follow=True
    ).text
    assert "Choose what to do with the task." in page
    assert "Called the CCPSA office.</textarea>" in page
    again = client.get("/staff/engagements/tasks/").text
    assert "Called the CCPSA office.</textarea>" not in again
