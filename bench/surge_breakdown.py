"""In-process cost of one comment and of its parts (run by bench_surge.py with the production
environment): milliseconds per call, one thread, no network, the same database. Says what a
request spends its CPU on, next to the load figures that say how many the server sustains."""

from __future__ import annotations

import datetime
import html
import json
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def per_call_ms(fn: Any, n: int = 200) -> float:
    for _ in range(10):
        fn()
    t = time.perf_counter()
    for _ in range(n):
        fn()
    return round((time.perf_counter() - t) / n * 1000, 3)


def main(posting_id: int) -> None:
    import django

    django.setup()
    import time_machine
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.loadgen import _CHALLENGE, _TOKEN, solve_pow
    from bench.texts import comment_texts, variant
    from townhall.feedback import antispam
    from townhall.feedback.pii import redact
    from townhall.feedback.services import comment_submit
    from townhall.postings.models import Posting
    from townhall.postings.selectors import visible_postings

    texts = comment_texts() or ["Keep the internet open."]
    body = variant(texts, 3)
    c = Client()
    h = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_HOST": "127.0.0.1"}
    api = f"/api/v1/postings/{posting_id}/comments"
    form = f"/postings/{posting_id}/comment/"
    posting = Posting.objects.get(pk=posting_id)

    def api_post() -> None:
        r = c.post(
            api,
            {"body": body},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex,
            **h,
        )
        assert r.status_code == 201, r.status_code

    def form_round() -> None:
        page = c.get(form, **h).content.decode()
        tok = html.unescape(_TOKEN.search(page).group(1))  # type: ignore[union-attr]
        ch = _CHALLENGE.search(page)
        assert ch
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
            r = c.post(
                form,
                {
                    "body": body,
                    "form_token": tok,
                    "pow_nonce": solve_pow(ch.group(1), int(ch.group(2))),
                    "website": "",
                },
                **h,
            )
        assert r.status_code == 302, r.status_code

    def queries(fn: Any) -> int:
        with CaptureQueriesContext(connection) as q:
            fn()
        return len(q.captured_queries)

    out: dict[str, Any] = {
        "ms_per_call": {
            "healthz (whole request)": per_call_ms(lambda: c.get("/healthz", **h)),
            "API comment (whole request)": per_call_ms(api_post),
            "form GET (whole request)": per_call_ms(lambda: c.get(form, **h), n=100),
            "form GET + POST (whole requests)": per_call_ms(form_round, n=100),
            "API's posting lookup: visible_postings().filter(pk).first()": per_call_ms(
                lambda: visible_postings(AnonymousUser()).filter(pk=posting_id).first()
            ),
            "a lean lookup of the same posting (.only status/audience/version)": per_call_ms(
                lambda: Posting.objects.only("id", "status", "audience", "version_id", "kind").get(
                    pk=posting_id
                )
            ),
            "rate_limit (two Redis round trips)": per_call_ms(
                lambda: antispam.rate_limit(
                    scope="bench", client_key="x", limit=10**9, window_seconds=600
                )
            ),
            "comment_submit service alone": per_call_ms(
                lambda: comment_submit(
                    posting=posting, body=body, channel="api", idempotency_key=uuid.uuid4().hex
                )
            ),
            "PII redaction of the text alone": per_call_ms(lambda: redact(body), n=2000),
            "issue_form_token alone": per_call_ms(antispam.issue_form_token, n=2000),
        },
        "queries": {
            "API comment": queries(api_post),
            "form GET + POST": queries(form_round),
            "healthz": queries(lambda: c.get("/healthz", **h)),
        },
        "posting_row_bytes_fetched_by_api_lookup": len(
            str(
                list(
                    visible_postings(AnonymousUser())
                    .filter(pk=posting_id)
                    .values_list("version__body_text", "current_version__body_text")
                )
            )
        ),
    }
    print("RESULT " + json.dumps(out))


if __name__ == "__main__":
    main(int(sys.argv[1]))
