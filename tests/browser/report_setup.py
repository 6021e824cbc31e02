"""Reports for the browser walk-throughs (issue 10), made in the site's own database through the
real services (run with `manage.py shell -c`). Each function prints one line of JSON with what
the walk-through needs.

`engagement()` builds, with townhall/reports/tests/factories.reported_engagement, a closed
engagement on S04-01-02 in follow-up: a posting with comments and a small campaign analysed
into themes that staff decided, a held community conversation with anonymous profiles, a
closed anonymous survey, a working group's forwarded recommendation with the Department's
published response, and R&D's revised draft. The demo already has the School Resource Officer
Community Working Group (slug "sro-working-group"); this one's group gets its own slug."""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

from townhall.accounts.demo import ensure_persona_by_key

WALK_SLUG = "sro-report-walk-through"
WALK_GROUP = "School Resource Officer Working Group (report walk-through)"


def _out(**values: object) -> None:
    print(json.dumps(values, default=str))


def engagement() -> None:
    from townhall.bodies.tests import factories as bodies_f
    from townhall.reports.tests import factories

    made = bodies_f.working_group

    def own_group(persona: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("slug", WALK_SLUG)
        kwargs.setdefault("name", WALK_GROUP)
        return made(persona, **kwargs)

    with mock.patch.object(bodies_f, "working_group", own_group):
        reported = factories.reported_engagement(ensure_persona_by_key)
    final = reported.final_version
    _out(
        engagement=reported.engagement.pk,
        title=reported.engagement.title,
        meeting=reported.meeting.title,
        survey=reported.survey.pk,
        group=reported.body.name,
        adopted_theme=reported.adopted_theme.pk,
        adopted_label=reported.adopted_theme.label,
        not_adopted_label=reported.not_adopted_theme.label,
        future_label=reported.future_theme.label,
        added_item=factories.ADDED_ITEM,
        changed_item=factories.CHANGED_ITEM,
        final_version=final.pk,
        intro=factories.REPORT_INTRO,
    )


def records_export() -> None:
    """A records export of the demo's closed foot pursuit posting (G03-07), queued, for the
    pages of the records exports."""
    from townhall.postings.models import Posting
    from townhall.reports import records

    posting = Posting.objects.filter(version__directive__number="G03-07").order_by("id").first()
    assert posting is not None
    export = records.export_request(
        actor=ensure_persona_by_key("oee"),
        posting=posting,
        purpose="Public-records request FOIA 21-0716 on the foot pursuit comment period",
    )
    _out(export=export.pk)
