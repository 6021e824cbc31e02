"""The staff "Public page" section of an engagement (V-B-1): forms that work without
JavaScript, keep what was typed when refused, and mark the languages still missing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from townhall.engagements import content, services
from townhall.engagements.models import Activity, Engagement, EngagementText, Resource
from townhall.engagements.tests.helpers import assessed, determined

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def engagement(persona, d22_draft) -> Engagement:  # type: ignore[no-untyped-def]
    return determined(persona, 2)


def _url(engagement: Engagement, rest: str = "") -> str:
    return f"/staff/engagements/{engagement.pk}/public/{rest}"


def test_the_detail_page_links_to_the_public_page_section(client_as, engagement) -> None:  # type: ignore[no-untyped-def]
    page = client_as("pscd").get(f"/staff/engagements/{engagement.pk}/").text
    assert _url(engagement) in page and "Not published" in page


def test_staff_read_the_section_and_see_which_languages_are_missing(client_as, engagement) -> None:  # type: ignore[no-untyped-def]
    page = client_as("pscd").get(_url(engagement)).text
    assert "Missing languages:" in page and "Español" in page and "العربية" in page
    assert "Publish on the public pages" not in page  # PSCD reads, does not edit
    assert 'name="t-title"' not in page


def test_the_text_is_written_language_by_language_and_arabic_is_right_to_left(
    client_as, engagement
) -> None:  # type: ignore[no-untyped-def]
    client = client_as("communications")
    done = client.post(
        _url(engagement, "text/ar/"),
        {"t-title": "سياسة المطاردة على الأقدام", "t-summary": "", "t-narrative": "نص"},
        follow=True,
    )
    assert "The text was saved." in done.text
    assert EngagementText.objects.get(engagement=engagement).language == "ar"
    tab = client.get(_url(engagement), {"language": "ar"}).text
    assert 'lang="ar" dir="rtl"' in tab and "سياسة المطاردة على الأقدام" in tab
    assert 'aria-current="page"' in tab
    assert client.post(_url(engagement, "text/xx/"), {"t-title": "T"}).status_code == 404


def test_a_refused_text_keeps_everything_typed(client_as, engagement) -> None:  # type: ignore[no-untyped-def]
    response = client_as("oee").post(
        _url(engagement, "text/en/"),
        {"t-title": "  ", "t-summary": "Kept summary", "t-narrative": "## Kept narrative"},
    )
    assert response.status_code == 200
    assert "Give the public page a title" in response.text
    assert "Kept summary" in response.text and "## Kept narrative" in response.text
    assert not EngagementText.objects.exists()


def test_publish_and_take_down_from_the_page(client_as, engagement) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    refused = client.post(_url(engagement, "publish/"), {"action": "publish"}, follow=True).text
    assert "Write the English text of the public page before publishing it." in refused
    content.engagement_text_save(
        actor=engagement.created_by, engagement=engagement, language="en", title="Foot pursuits"
    )
    done = client.post(_url(engagement, "publish/"), {"action": "publish"}, follow=True).text
    assert "The engagement is on the public pages." in done
    assert f"/get-involved/engagements/{engagement.pk}/" in done  # "View public page"
    assert "Take off the public pages" in done
    down = client.post(
        _url(engagement, "publish/"), {"action": "unpublish", "reason": "Wrong dates"}, follow=True
    ).text
    assert "taken off the public pages" in down
    engagement.refresh_from_db()
    assert not engagement.is_public


def test_an_engagement_being_assessed_cannot_be_published_from_the_page(
    client_as, persona, d22_draft
) -> None:  # type: ignore[no-untyped-def]
    engagement = assessed(persona)
    page = client_as("oee").get(_url(engagement)).text
    assert "once OCPR has determined its level (IV-D)" in page
    assert "Publish on the public pages" not in page


def test_a_bad_contact_address_is_refused_and_kept(client_as, engagement) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    bad = client.post(_url(engagement, "contact/"), {"contact_email": "community at cpd"})
    assert bad.status_code == 200
    assert "Enter a valid email address" in bad.text and "community at cpd" in bad.text
    client.post(_url(engagement, "contact/"), {"contact_email": "community@example.org"})
    engagement.refresh_from_db()
    assert engagement.contact_email == "community@example.org"


def test_resources_are_added_and_withdrawn_from_the_page(client_as, engagement) -> None:  # type: ignore[no-untyped-def]
    client = client_as("rd")
    added = client.post(
        _url(engagement, "resources/"),
        {
            "r-kind": "report",
            "r-title": "Report on the working group",
            "r-title_es": "Informe del grupo de trabajo",
            "r-file": SimpleUploadedFile("report.pdf", PDF),
            "r-language": "en",
        },
        follow=True,
    ).text
    assert "The resource was added." in added
    resource = Resource.objects.get()
    assert resource.titles == {"es": "Informe del grupo de trabajo"}
    withdrawn = client.post(
        f"/staff/engagements/resources/{resource.pk}/withdraw/", follow=True
    ).text
    assert "withdrawn from the public page" in withdrawn and "Withdrawn on" in withdrawn
    assert Resource.objects.filter(pk=resource.pk, withdrawn_at__isnull=False).exists()


def test_a_refused_resource_keeps_the_titles_typed(client_as, engagement) -> None:  # type: ignore[no-untyped-def]
    response = client_as("oee").post(
        _url(engagement, "resources/"),
        {
            "r-kind": "report",
            "r-title": "Official response",
            "r-title_pl": "Oficjalna odpowiedź",
            "r-file": SimpleUploadedFile("x.pdf", b"<html></html>"),
        },
    )
    assert response.status_code == 200
    assert "We cannot accept" in response.text
    assert "Official response" in response.text and "Oficjalna odpowiedź" in response.text
    assert not Resource.objects.exists()


def test_the_public_details_of_an_activity_are_edited_on_their_page(
    client_as, persona, engagement
) -> None:  # type: ignore[no-untyped-def]
    activity = services.activity_add(
        actor=persona("oee"), engagement=engagement, method="community_conversation"
    )
    client = client_as("oee")
    url = f"/staff/engagements/activities/{activity.pk}/public/"
    assert client.get(url).status_code == 200
    refused = client.post(
        url,
        {
            "is_public": "on",
            "description": "Kept description",
            "mode": "in_person",
            "districts": ["11"],
            "time_from": "18:30",
            "time_to": "20:00",
        },
    )
    assert refused.status_code == 200
    assert "Give the place and address" in refused.text and "Kept description" in refused.text
    bad_time = client.post(url, {"mode": "", "time_from": "half past six"})
    assert "Enter a time such as 18:30." in bad_time.text and "half past six" in bad_time.text
    done = client.post(
        url,
        {
            "is_public": "on",
            "description": "Small groups with a facilitator.",
            "mode": "hybrid",
            "place": "Garfield Park field house",
            "call_in": "312-555-0100, ID 839 6023 0482",
            "districts": ["11", "15"],
            "time_from": "18:30",
            "time_to": "20:00",
        },
        follow=True,
    ).text
    assert "The public details of the activity were saved." in done
    assert "011 Harrison" in done and "015 Austin" in done
    activity.refresh_from_db()
    assert activity.districts == [11, 15] and activity.mode == Activity.Mode.HYBRID
