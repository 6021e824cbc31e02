"""Counts and pages of the staff inbox: exact however comments arrived, cheap at any size."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from townhall.feedback import importing, selectors
from townhall.feedback.models import Comment, CommentTally
from townhall.feedback.services import comment_enter, comment_submit
from townhall.postings.tests.factories import open_posting

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(d22_draft):  # type: ignore[no-untyped-def]
    return open_posting(d22_draft)


def _exact(posting) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    rows = Comment.objects.filter(posting=posting)
    return (
        rows.filter(origin=Comment.Origin.EXTERNAL).count(),
        rows.filter(origin=Comment.Origin.INTERNAL).count(),
    )


def test_comment_counts_stay_exact_on_every_path_VII_D_3(persona, posting) -> None:
    """The tally is kept by the database, so the web form, staff entry and a bulk import
    (COPY on PostgreSQL, bulk_create elsewhere) all count, internal and external apart."""
    comment_submit(posting=posting, body="From the public.")
    comment_submit(posting=posting, body="From a Department member.", internal=True)
    comment_enter(
        actor=persona("oee"),
        posting=posting,
        body="Received on paper at the district.",
        channel="paper",
        received_on=posting.opens_at.date(),
    )
    csv = "comment,origin\n" + "".join(
        f"Imported comment number {i} about training.,{'internal' if i % 3 == 0 else ''}\n"
        for i in range(40)
    )
    batch = importing.import_preview(
        actor=persona("oee"),
        posting=posting,
        upload=SimpleUploadedFile("comments.csv", csv.encode(), content_type="text/csv"),
        channel="email",
    )
    importing.import_confirm(actor=persona("oee"), batch=batch)
    importing.run_import(batch_id=batch.pk)
    counts = selectors.comment_counts(posting)
    assert (counts.external, counts.internal) == _exact(posting) == (28, 15)
    assert counts.total == 43


def test_comment_counts_read_a_few_tally_rows_not_the_comments(
    posting, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for i in range(30):
        comment_submit(posting=posting, body=f"Comment {i} on the posting period.")
    assert CommentTally.objects.filter(posting=posting).count() <= 8
    with django_assert_num_queries(1):
        assert selectors.comment_counts(posting).total == 30


def test_unfiltered_inbox_pages_by_the_tally(posting) -> None:  # type: ignore[no-untyped-def]
    for i in range(25):
        comment_submit(posting=posting, body=f"Comment {i} about youth outreach.")
    paginator = selectors.InboxPaginator(
        selectors.inbox(posting=posting), 20, posting=posting, filtered=False, searched=False
    )
    assert (paginator.count, paginator.num_pages, len(paginator.page(2).object_list)) == (25, 2, 5)


def test_search_count_is_capped_and_says_so(posting, monkeypatch, client_as) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 5)
    for i in range(8):
        comment_submit(posting=posting, body=f"Youth programs, comment {i}.")
    comment_submit(posting=posting, body="Posting periods are too short.")
    qs = selectors.inbox(posting=posting, q="youth")
    paginator = selectors.InboxPaginator(qs, 20, posting=posting, filtered=True, searched=True)
    assert (paginator.count, paginator.capped) == (5, True)
    page = client_as("oee").get(f"/staff/comments/posting/{posting.pk}/", {"q": "youth"}).text
    assert "More than 5 comments match" in page
    narrow = selectors.InboxPaginator(
        selectors.inbox(posting=posting, q="periods"),
        20,
        posting=posting,
        filtered=True,
        searched=True,
    )
    assert (narrow.count, narrow.capped) == (1, False)


def test_other_filters_count_exactly(posting) -> None:  # type: ignore[no-untyped-def]
    comment_submit(posting=posting, body="From the public.")
    comment_submit(posting=posting, body="From a Department member.", internal=True)
    qs = selectors.inbox(posting=posting, origin="internal")
    paginator = selectors.InboxPaginator(qs, 20, posting=posting, filtered=True, searched=False)
    assert (paginator.count, paginator.capped) == (1, False)
