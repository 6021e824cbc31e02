"""The public subscription pages (issue 9; seed 002 V-B-1, VII-C-3): subscribe with the comment
form's protection, confirm by the link, manage by the link, unsubscribe in one click (RFC
8058). Every page works without JavaScript; a bad link is a clear page, never an error."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone

from townhall.feedback.tests.helpers import form_fields, solve
from townhall.outreach import tokens
from townhall.outreach.models import Contact, Organization, Subscriber, Suppression
from townhall.outreach.tests.test_subscriptions import (
    ADDRESS,
    announce,
    district,
    engagement_on,
    force_options,
    links_in,
    path_of,
    sro_directive,
    subscribed,
    topic,
)

pytestmark = pytest.mark.django_db
URL = "/subscribe/"


def _later() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=10)


def post_subscribe(client: Client, *, url: str = URL, **data: Any) -> Any:
    """GET the form, then POST it the way a browser without JavaScript does."""
    fields = form_fields(client.get(url).text)
    payload = {
        "email": ADDRESS,
        "language": "en",
        "frequency": "immediate",
        "challenge_answer": solve(fields["form_token"]),
        **fields,
        **data,
    }
    with time_machine.travel(_later(), tick=True):
        return client.post(url, payload)


def checked(html: str, name: str, value: str) -> bool:
    return bool(re.search(rf'name="{name}" value="{re.escape(value)}" id="[^"]+" checked', html))


# --- The form --------------------------------------------------------------------------------


def test_the_form_works_without_javascript_with_a_fieldset_for_each_group(client: Client) -> None:
    force_options()
    page = client.get(URL)
    assert page.status_code == 200
    html = page.text
    for marker in (
        'name="form_token"',
        'name="pow_nonce"',
        'name="website"',
        "data-pow-fallback",
        "<legend>Language of the mail</legend>",
        "<legend>How often</legend>",
        "<legend>What to follow</legend>",
        "<legend>Topics</legend>",
        "<legend>Police districts</legend>",
        'list="directive-numbers"',
        '<option value="G03-02-01">',
        'lang="en" dir="ltr">Schools and School Resource Officers</label>',
        "District 11 (Harrison)",
        'lang="ar" dir="rtl">العربية</label>',
        'href="/feeds/announcements.rss?lang=en"',
        'href="/feeds/announcements.atom?lang=en"',
    ):
        assert marker in html, marker
    assert html.count('name="districts"') == 22
    assert "<script>" not in html and "style=" not in html  # strict CSP: nothing inline
    assert checked(html, "language", "en") and checked(html, "frequency", "immediate")


def test_the_language_is_preselected_from_the_page_language(client: Client) -> None:
    html = client.get("/ar/subscribe/").text
    assert checked(html, "language", "ar") and not checked(html, "language", "en")
    assert '<html lang="ar" dir="rtl">' in html


def test_query_parameters_choose_a_district_topic_and_directive_in_advance(client: Client) -> None:
    force_options()
    schools = topic("schools")
    html = client.get(
        URL, {"district": "11", "topic": str(schools.pk), "directive": "g03-02-01"}
    ).text
    assert checked(html, "districts", "11") and checked(html, "topics", str(schools.pk))
    assert not checked(html, "districts", "12")
    assert 'value="G03-02-01"' in html  # the registry's spelling
    assert "Chosen for you below" in html
    assert (
        f"/feeds/announcements.rss?topic={schools.pk}&amp;district=11&amp;directive=G03-02-01"
        in html
    )
    # Values that match nothing are left out, not an error.
    assert client.get(URL, {"district": "13", "topic": "999"}).status_code == 200


def test_subscribing_says_check_your_inbox_and_mails_a_confirmation_link(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post_subscribe(client, districts=["11"], frequency="weekly")
    assert response.status_code == 302 and response["Location"] == "/subscribe/sent/"
    page = client.get(response["Location"]).text
    assert "Check your inbox" in page and "the link works for 7 days" in page
    subscriber = Subscriber.objects.get()
    assert subscriber.status == "pending" and subscriber.frequency == "weekly"
    [message] = mail.outbox
    assert message.to == [ADDRESS]
    [link] = links_in(message.body)
    assert "/subscribe/confirm/" in link


def test_the_page_after_subscribing_is_the_same_whatever_the_address(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=1)):
        subscribed("already@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        known = post_subscribe(client, email="already@example.org", everything="on")
        new = post_subscribe(Client(), email="new@example.org", everything="on")
    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"] == "/subscribe/sent/"
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "/subscribe/manage/" in bodies["already@example.org"]
    assert "/subscribe/confirm/" in bodies["new@example.org"]


def test_a_bad_email_is_a_clear_error_and_every_choice_stays(client: Client) -> None:
    force_options()
    schools = topic("schools")
    response = post_subscribe(
        client,
        email="rosa.martinez@",
        language="es",
        frequency="weekly",
        topics=[str(schools.pk)],
        districts=["11", "12"],
        directives="G03-02-01",
    )
    assert response.status_code == 400
    html = response.text
    assert 'class="error-summary"' in html and 'href="#id_email"' in html
    assert "Enter a valid email address" in html
    assert 'value="rosa.martinez@"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert checked(html, "language", "es") and checked(html, "frequency", "weekly")
    assert checked(html, "topics", str(schools.pk))
    assert checked(html, "districts", "11") and checked(html, "districts", "12")
    assert 'value="G03-02-01"' in html
    assert not Subscriber.objects.exists()


def test_an_unknown_directive_number_is_named_and_the_input_kept(client: Client) -> None:
    force_options()
    response = post_subscribe(client, directives="G03-02-01, G99-99-99", districts=["11"])
    assert response.status_code == 400
    html = response.text
    assert "No directive in the registry has the number G99-99-99" in html
    assert 'href="#id_directives"' in html
    assert 'value="G03-02-01, G99-99-99"' in html and checked(html, "districts", "11")
    assert not Subscriber.objects.exists()


def test_directive_numbers_are_taken_in_any_case_and_with_any_separator(
    client: Client,
) -> None:
    force_options()
    sro_directive()
    response = post_subscribe(client, directives="g03-02-01;  S04-01-02")
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert {s.directive.number for s in subscriber.subscriptions.all() if s.directive} == {
        "G03-02-01",
        "S04-01-02",
    }


def test_choosing_nothing_to_follow_is_an_error_at_the_first_choice(client: Client) -> None:
    response = post_subscribe(client)
    assert response.status_code == 400
    assert 'href="#id_everything"' in response.text and "Choose what you want to follow" in (
        response.text
    )


def test_a_filled_honeypot_or_a_wrong_answer_is_refused_and_keeps_the_choices(
    client: Client,
) -> None:
    honeypot = post_subscribe(client, website="http://spam.example", districts=["11"])
    assert honeypot.status_code == 400 and checked(honeypot.text, "districts", "11")
    wrong = post_subscribe(client, challenge_answer="1000", districts=["11"])
    assert wrong.status_code == 400 and "short question" in wrong.text
    assert not Subscriber.objects.exists()


@override_settings(TOWNHALL_SUBSCRIBE_RATE_LIMIT=2)
def test_many_subscriptions_from_one_connection_are_slowed_down(client: Client) -> None:
    for n in range(2):
        assert post_subscribe(client, email=f"p{n}@example.org", everything="on").status_code == 302
    refused = post_subscribe(client, email="p3@example.org", everything="on")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert 'value="p3@example.org"' in refused.text
    assert Subscriber.objects.count() == 2


def test_a_resident_subscribes_to_district_11_in_spanish_and_gets_the_next_announcement_VII_C_3(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    """Issue 9, done when: subscribe to district 11 in Spanish, confirm, receive in Spanish."""
    with django_capture_on_commit_callbacks(execute=True):
        response = post_subscribe(client, url="/es/subscribe/", language="es", districts=["11"])
    assert response["Location"] == "/es/subscribe/sent/"
    [link] = links_in(mail.outbox[0].body)
    confirmed = client.get(path_of(link))
    assert confirmed.status_code == 200 and "Distrito 11 (Harrison)" in confirmed.text
    mail.outbox.clear()
    harrison = engagement_on(force_options(), title="Force options: District 11 listening session")
    other = engagement_on(sro_directive(), title="SROs: District 22")
    with django_capture_on_commit_callbacks(execute=True):
        announce(
            engagement=harrison,
            title="Force options",
            districts=[11],
            texts={
                "en": ("Comment on force options", "The draft is open for comment."),
                "es": ("Comente sobre las opciones de fuerza", "El borrador está abierto."),
            },
        )
        announce(engagement=other, title="SROs", districts=[22])
    sent = [m for m in mail.outbox if m.to == [ADDRESS]]
    assert len(sent) == 1
    assert sent[0].subject == "Comente sobre las opciones de fuerza"
    assert "El borrador está abierto." in sent[0].body
    assert sent[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The unsubscribe link in the header works in one click, without a cookie.
    unsubscribe = sent[0].extra_headers["List-Unsubscribe"].strip("<>")
    one_click = Client(enforce_csrf_checks=True).post(
        path_of(unsubscribe),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert one_click.status_code == 200
    assert Subscriber.objects.get().status == "unsubscribed"


# --- Confirm ---------------------------------------------------------------------------------


def _pending(email: str = ADDRESS) -> Subscriber:
    from townhall.outreach import subscriptions

    subscriptions.subscription_request(
        email=email, language="en", frequency="immediate", selections=[district(11)]
    )
    return Subscriber.objects.get(email=email)


def test_the_confirmation_link_confirms_shows_what_is_followed_and_the_manage_link(
    client: Client,
) -> None:
    subscriber = _pending()
    url = f"/subscribe/confirm/{tokens.make('confirm', 's', subscriber.pk)}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Your subscription is confirmed" in page.text and ADDRESS in page.text
    assert "District 11 (Harrison)" in page.text
    assert 'href="/subscribe/manage/' in page.text
    assert "/feeds/announcements.atom?district=11&amp;lang=en" in page.text
    subscriber.refresh_from_db()
    assert subscriber.status == "active"
    assert client.get(url).status_code == 200  # twice: harmless


def test_an_altered_or_expired_confirmation_link_is_a_clear_400_page(client: Client) -> None:
    subscriber = _pending()
    token = tokens.make("confirm", "s", subscriber.pk)
    for bad in (token[:-3] + "abc", tokens.make("manage", "s", subscriber.pk), "x"):
        page = client.get(f"/subscribe/confirm/{bad}/")
        assert page.status_code == 400
        assert "This link does not work" in page.text and 'href="/subscribe/"' in page.text
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        expired = client.get(f"/subscribe/confirm/{token}/")
    assert expired.status_code == 400 and "older than 7 days" in expired.text
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"


# --- Manage ----------------------------------------------------------------------------------


def test_the_manage_page_is_the_form_without_the_address_filled_with_the_choices(
    client: Client,
) -> None:
    force_options()
    subscriber = subscribed(selections=[district(11)], language="pl", frequency="weekly")
    token = tokens.make("manage", "s", subscriber.pk)
    page = client.get(f"/subscribe/manage/{token}/")
    assert page.status_code == 200
    html = page.text
    assert 'name="email"' not in html and ADDRESS in html
    assert checked(html, "districts", "11") and checked(html, "language", "pl")
    assert checked(html, "frequency", "weekly")
    unsubscribe = tokens.make("unsubscribe", "s", subscriber.pk)
    assert f'action="/unsubscribe/{unsubscribe}/"' in html
    assert "Unsubscribe from everything" in html
    assert "/feeds/announcements.rss?district=11&amp;lang=pl" in html


def test_saving_the_manage_form_changes_the_choices(client: Client) -> None:
    force_options()
    subscriber = subscribed(selections=[district(11)])
    url = f"/subscribe/manage/{tokens.make('manage', 's', subscriber.pk)}/"
    response = client.post(
        url,
        {
            "language": "es",
            "frequency": "weekly",
            "districts": ["11", "12"],
            "directives": "G03-02-01",
        },
    )
    assert response.status_code == 302 and response["Location"] == url
    subscriber.refresh_from_db()
    assert subscriber.language == "es" and subscriber.frequency == "weekly"
    follows = {(s.kind, s.district, s.directive_id) for s in subscriber.subscriptions.all()}
    assert follows == {
        ("district", 11, None),
        ("district", 12, None),
        ("directive", None, force_options().pk),
    }
    assert "Your choices are saved" in client.get(url).text


def test_a_bad_manage_form_keeps_the_choices_and_changes_nothing(client: Client) -> None:
    subscriber = subscribed(selections=[district(11)])
    url = f"/subscribe/manage/{tokens.make('manage', 's', subscriber.pk)}/"
    nothing = client.post(url, {"language": "en", "frequency": "weekly"})
    assert nothing.status_code == 400 and 'href="#id_everything"' in nothing.text
    assert checked(nothing.text, "frequency", "weekly")
    unknown = client.post(url, {"language": "en", "frequency": "immediate", "directives": "X00-00"})
    assert unknown.status_code == 400 and "X00-00" in unknown.text
    subscriber.refresh_from_db()
    assert [s.district for s in subscriber.subscriptions.all()] == [11]
    assert subscriber.frequency == "immediate"


def test_an_altered_manage_link_is_a_clear_400_page(client: Client) -> None:
    subscriber = subscribed()
    token = tokens.make("manage", "s", subscriber.pk)
    assert client.get(f"/subscribe/manage/{token[:-2]}zz/").status_code == 400
    post = client.post(
        f"/subscribe/manage/{tokens.make('confirm', 's', subscriber.pk)}/",
        {"language": "en", "frequency": "immediate", "everything": "on"},
    )
    assert post.status_code == 400 and "This link does not work" in post.text


def test_the_manage_form_keeps_its_csrf_protection(client: Client) -> None:
    subscriber = subscribed()
    url = f"/subscribe/manage/{tokens.make('manage', 's', subscriber.pk)}/"
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(url, {"language": "es", "frequency": "weekly", "everything": "on"})
    assert response.status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.language == "en"


# --- Unsubscribe -----------------------------------------------------------------------------


def test_opening_the_unsubscribe_link_shows_a_button_and_unsubscribes_no_one(
    client: Client,
) -> None:
    subscriber = subscribed(selections=[district(11)])
    url = f"/unsubscribe/{tokens.make('unsubscribe', 's', subscriber.pk)}/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.text
    assert ADDRESS in html and "District 11 (Harrison)" in html
    assert f'action="{url}"' in html and 'name="everything" value="1"' in html
    assert "Also stop any other outreach mail to this address" in html
    assert client.head(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "active"


def test_one_click_post_without_csrf_or_cookies_unsubscribes_and_again_is_harmless_RFC_8058() -> (
    None
):
    subscriber = subscribed()
    url = f"/unsubscribe/{tokens.make('unsubscribe', 's', subscriber.pk)}/"
    for _ in range(2):
        # A mail client: no cookie, no CSRF token, just the RFC 8058 body.
        mail_client = Client(enforce_csrf_checks=True)
        response = mail_client.post(
            url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200 and "You are unsubscribed" in response.text
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
    # One-click stops the subscription only, not other outreach mail.
    assert not Suppression.objects.filter(email=ADDRESS).exclude(reason="").exists()


def test_the_button_with_the_box_ticked_stops_all_outreach_mail_to_the_address(
    client: Client,
) -> None:
    subscriber = subscribed()
    url = f"/unsubscribe/{tokens.make('unsubscribe', 's', subscriber.pk)}/"
    done = client.post(url, {"everything": "1"})
    assert done.status_code == 200 and "off every outreach list" in done.text
    assert 'href="/subscribe/"' in done.text and 'href="/subscribe/manage/' in done.text
    assert Suppression.objects.get(email=ADDRESS).reason == Suppression.Reason.UNSUBSCRIBED


def test_an_organisations_contact_sees_which_mail_stops(client: Client) -> None:
    organization = Organization.objects.create(
        name="Chinatown Chamber of Commerce", kind=Organization.Kind.BUSINESS
    )
    contact = Contact.objects.create(
        organization=organization, name="Ben Chu", email="ben.chu@example.org", consent=True
    )
    url = f"/unsubscribe/{tokens.make('unsubscribe', 'c', contact.pk)}/"
    page = client.get(url).text
    assert "ben.chu@example.org" in page and "Chinatown Chamber of Commerce" in page
    assert client.post(url, {}).status_code == 200
    contact.refresh_from_db()
    assert contact.withdrawn_at is not None


def test_an_altered_unsubscribe_link_is_a_clear_400_page_on_get_and_post() -> None:
    subscriber = subscribed()
    token = tokens.make("unsubscribe", "s", subscriber.pk)
    mail_client = Client(enforce_csrf_checks=True)
    for bad in (token[:-2] + "zz", tokens.make("manage", "s", subscriber.pk)):
        assert mail_client.get(f"/unsubscribe/{bad}/").status_code == 400
        response = mail_client.post(
            f"/unsubscribe/{bad}/",
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 400 and "This link does not work" in response.text
    assert mail_client.put(f"/unsubscribe/{token}/").status_code == 405
    subscriber.refresh_from_db()
    assert subscriber.status == "active"


# --- Links from the rest of the site ---------------------------------------------------------


def test_the_site_links_to_subscribing_from_the_footer_get_involved_and_each_district(
    client: Client,
) -> None:
    assert 'href="/subscribe/"' in client.get("/directives/").text  # the footer
    home = client.get("/get-involved/").text
    assert "Get announcements by email or feed" in home
    assert 'href="/feeds/announcements.rss"' in home
    assert 'href="/subscribe/?district=11"' in client.get("/get-involved/districts/11/").text
    assert "Subscribe to district 11" in client.get("/get-involved/districts/11/").text
