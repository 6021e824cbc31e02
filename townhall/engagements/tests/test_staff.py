"""The assessment and determination pages: forms that work without JavaScript (IV)."""

from __future__ import annotations

import pytest

from townhall.engagements.models import Engagement

pytestmark = pytest.mark.django_db


def test_the_originating_unit_records_factors_and_sees_the_level_and_why_IV_B(
    client_as, d22_draft
) -> None:  # type: ignore[no-untyped-def]
    client = client_as("originating_unit")
    response = client.post(
        "/staff/engagements/new/",
        {
            "title": "Engagement on D22-08",
            "directive": "d22-08",
            "originating_unit": "Bureau of Patrol",
        },
    )
    engagement = Engagement.objects.get()
    assert response["Location"].endswith(f"/staff/engagements/{engagement.pk}/")
    url = f"/staff/engagements/{engagement.pk}/"
    client.post(
        url + "external/", {"x-entity": "monitor", "x-summary": "Asked for community input."}
    )
    page = client.post(
        url + "assess/",
        {
            "a-consent_decree": "on",
            "a-consent_decree_paragraph": "¶ 52",
            "a-populations": "Youth\n",
        },
        follow=True,
    ).text
    assert "The assessment was recorded." in page
    assert "Enhanced engagement (IV-D-2)" in page
    for item in ("IV-B-2", "IV-B-4-b", "IV-B-8"):
        assert item in page
    # The unit cannot determine: no form for it.
    assert "Determine the level" not in page


def test_a_bad_directive_number_keeps_what_was_typed(client_as, d22_draft) -> None:  # type: ignore[no-untyped-def]
    page = (
        client_as("oee")
        .post(
            "/staff/engagements/new/",
            {
                "title": "Engagement on use of force",
                "directive": "Z99-99",
                "originating_unit": "Training",
            },
        )
        .text
    )
    assert "There is no directive Z99-99." in page and "Engagement on use of force" in page
    assert not Engagement.objects.exists()


def test_ocpr_determines_above_freely_and_below_only_with_a_reason_IV_C(
    client_as, persona, d22_draft
) -> None:  # type: ignore[no-untyped-def]
    from townhall.engagements.tests.helpers import assessed

    engagement = assessed(persona, community_request=True)  # targeted
    client = client_as("ocpr_chief")
    url = f"/staff/engagements/{engagement.pk}/determine/"
    refused = client.post(url, {"d-level": "1", "d-consulted": ["oee"]}, follow=True).text
    assert "below the recommended level" in refused
    done = client.post(url, {"d-level": "3", "d-consulted": ["oee", "pscd"]}, follow=True).text
    assert "The level of engagement was determined." in done
    engagement.refresh_from_db()
    assert (engagement.level, engagement.consulted) == (3, ["oee", "pscd"])
