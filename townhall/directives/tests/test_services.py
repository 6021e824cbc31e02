"""The registry's writes: import, drafts, immutability, publication (VI-D-3, VII-B-2-c)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from townhall.conftest import demo_text
from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.core.models import AuditEvent
from townhall.directives import services
from townhall.directives.models import Directive, DirectiveVersion

pytestmark = pytest.mark.django_db

G03_02 = [
    "key_versions/G03-02/G03-02__issued-2017-10-16__effective-2017-10-16.txt",
    "key_versions/G03-02/G03-02__issued-2020-02-28__effective-2020-02-29.txt",
]


def test_import_builds_sections_with_outline_anchors(s04_versions) -> None:
    new = s04_versions[1]
    anchors = list(new.sections.values_list("anchor", flat=True))
    assert anchors[0] == "I"
    assert "II-A" in anchors
    assert new.directive.number == "S04-01-02"
    assert new.directive.doc_type == "special_order"


def test_import_is_idempotent(s04_versions) -> None:
    again = services.directive_version_import(
        text=demo_text(
            "key_versions/S04-01-02/S04-01-02__issued-2019-08-29__effective-2019-08-29.txt"
        ),
        number_hint="S04-01-02",
    )
    assert again.created is False
    assert DirectiveVersion.objects.filter(directive__number="S04-01-02").count() == 2


def test_newest_version_is_current_and_older_rescinded_whatever_the_import_order() -> None:
    for name in reversed(G03_02):
        services.directive_version_import(text=demo_text(name), number_hint="G03-02")
    versions = {v.issue_date.year: v.status for v in DirectiveVersion.objects.all()}
    assert versions == {2017: "rescinded", 2020: "current"}


def test_seed_002_imports_as_draft_of_d22_08_with_its_items(d22_draft) -> None:
    assert d22_draft.status == "draft"
    assert d22_draft.directive.number == "D22-08"
    item = d22_draft.sections.get(anchor="V-C-10-b")
    assert item.text.startswith("To request or sign-up for a dialogue")
    assert d22_draft.sections.filter(anchor="VII-B-2-d").exists()


def test_rd_creates_a_draft_and_it_is_audited_VI_D_3_b(rd) -> None:
    version = services.draft_create(
        actor=rd,
        number="g03-07",
        title="Foot Pursuits",
        text=demo_text("key_versions/G03-07/G03-07__issued-2021-05-26__effective-2021-06-11.txt"),
    )
    assert version.status == "draft" and version.directive.number == "G03-07"
    assert AuditEvent.objects.filter(
        action="directive_version.create_draft", object_id=str(version.pk)
    ).exists()


@pytest.mark.parametrize("key", ["oee", "ocpr_chief", "department_member", "training"])
def test_only_rd_or_admin_may_write_drafts_VI_D_3_b(persona, key: str) -> None:
    with pytest.raises(NotAllowed):
        services.draft_create(
            actor=persona(key), number="G99-01", title="T", text="I. PURPOSE\nA. x"
        )


@pytest.mark.parametrize(
    ("number", "title", "text", "code"),
    [
        ("", "Title", "I. PURPOSE", "bad_number"),
        ("not a number!", "Title", "I. PURPOSE", "bad_number"),
        ("G99-01", " ", "I. PURPOSE", "title_required"),
        ("G99-01", "Title", "   ", "text_required"),
        ("G99-01", "Title", "just prose without any outline", "no_sections"),
    ],
)
def test_bad_draft_input_gets_a_clear_error(rd, number, title, text, code) -> None:
    with pytest.raises(DomainError) as err:
        services.draft_create(actor=rd, number=number, title=title, text=text)
    assert err.value.code == code
    assert not Directive.objects.filter(number="G99-01").exists()


def test_current_and_rescinded_versions_are_immutable(rd, s04_versions) -> None:
    for version in s04_versions:
        with pytest.raises(IllegalTransition):
            services.draft_update(
                actor=rd,
                version=version,
                title="Changed",
                text="I. PURPOSE\nA. changed",
                issue_date=None,
                effective_date=None,
            )
    assert DirectiveVersion.objects.get(pk=s04_versions[1].pk).title != "Changed"


def test_draft_edit_rebuilds_sections_and_audits_the_change(rd, d22_draft) -> None:
    text = d22_draft.body_text.replace("minimum 15 days", "minimum 21 days")
    services.draft_update(
        actor=rd,
        version=d22_draft,
        title=d22_draft.title,
        text=text,
        issue_date=datetime.date(2025, 3, 10),
        effective_date=None,
    )
    assert "minimum 21 days" in d22_draft.sections.get(anchor="V-C-10").text
    event = AuditEvent.objects.filter(action="directive_version.update_draft").get()
    assert event.before["content_hash"] != event.after["content_hash"]


def test_publishing_a_draft_rescinds_the_current_version(rd, s04_versions) -> None:
    draft = services.draft_create(
        actor=rd,
        number="S04-01-02",
        title="School Resource Officers",
        text=s04_versions[1].body_text + "\nZ. an added item",
    )
    assert draft.rescinds == s04_versions[1]
    services.draft_publish(actor=rd, version=draft)
    statuses = dict(
        DirectiveVersion.objects.filter(directive__number="S04-01-02").values_list("pk", "status")
    )
    assert statuses[draft.pk] == "current"
    assert statuses[s04_versions[1].pk] == "rescinded"
    with pytest.raises(IllegalTransition):
        services.draft_publish(actor=rd, version=draft)


def test_scheduled_draft_is_published_by_the_worker_once(rd, d22_draft) -> None:
    when = timezone.now() + datetime.timedelta(hours=1)
    services.draft_schedule_publication(actor=rd, version=d22_draft, publish_at=when)
    assert services.publish_due_drafts(now=when - datetime.timedelta(minutes=1)) == []
    # A worker that was down at the moment catches up later; a second run finds nothing.
    assert services.publish_due_drafts(now=when + datetime.timedelta(days=2)) == [d22_draft.pk]
    assert services.publish_due_drafts(now=when + datetime.timedelta(days=2)) == []
    assert DirectiveVersion.objects.get(pk=d22_draft.pk).status == "current"
    assert AuditEvent.objects.filter(action="directive_version.publish", actor=None).count() == 1


def test_schedule_in_the_past_is_refused(rd, d22_draft) -> None:
    with pytest.raises(DomainError):
        services.draft_schedule_publication(
            actor=rd, version=d22_draft, publish_at=timezone.now() - datetime.timedelta(hours=1)
        )
