"""A training's course materials (III-A): files accepted by their content, every version kept
and numbered in order, served to staff only as a download."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from townhall.core.errors import DomainError, NotAllowed
from townhall.core.models import AuditEvent
from townhall.engagements import materials
from townhall.engagements.models import Training, TrainingMaterial, TrainingMaterialVersion
from townhall.engagements.tests.helpers import determined

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


@pytest.fixture
def training(db) -> Training:  # type: ignore[no-untyped-def]
    return Training.objects.create(title="Crisis Intervention Team training")


def _pdf(name: str = "lesson-plan.pdf", body: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/octet-stream")


def test_a_material_starts_at_version_1_with_its_hash_size_and_type_III_A(
    persona, training, settings
) -> None:  # type: ignore[no-untyped-def]
    material = materials.material_add(
        actor=persona("training"),
        training=training,
        title="Lesson plan",
        file=_pdf(),
        is_public=True,
    )
    version = material.versions.get()
    assert version.number == 1 and material.is_public
    assert version.sha256 == hashlib.sha256(PDF).hexdigest()
    assert version.size == len(PDF) and version.content_type == "application/pdf"
    assert version.original_name == "lesson-plan.pdf"
    assert "lesson" not in version.file.name and version.file.name.endswith(".pdf")
    assert version.file.path.startswith(str(settings.MEDIA_ROOT))
    assert AuditEvent.objects.filter(action="training_material.add").count() == 1


def test_versions_are_numbered_one_after_the_other_and_all_kept(persona, training) -> None:  # type: ignore[no-untyped-def]
    rd = persona("rd")
    material = materials.material_add(actor=rd, training=training, title="Slides", file=_pdf())
    second = materials.material_version_add(
        actor=rd, material=material, file=_pdf("v2.pdf", PDF + b"\n"), note="Scenario 3 added."
    )
    third = materials.material_version_add(
        actor=persona("oee"),
        material=material,
        file=SimpleUploadedFile("diagram.png", PNG),
        note="A diagram instead.",
    )
    assert (second.number, third.number) == (2, 3)
    assert third.content_type == "image/png"
    assert list(material.versions.values_list("number", flat=True)) == [3, 2, 1]
    assert AuditEvent.objects.filter(action="training_material.version").count() == 2


def test_a_new_version_says_what_changed(persona, training) -> None:  # type: ignore[no-untyped-def]
    material = materials.material_add(
        actor=persona("training"), training=training, title="Slides", file=_pdf()
    )
    with pytest.raises(DomainError, match="what changed"):
        materials.material_version_add(
            actor=persona("training"), material=material, file=_pdf(), note="  "
        )
    assert material.versions.count() == 1


def test_the_type_is_decided_by_the_content_not_the_name(persona, training) -> None:  # type: ignore[no-untyped-def]
    fake = SimpleUploadedFile("slides.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(DomainError, match="cannot accept"):
        materials.material_add(actor=persona("training"), training=training, title="X", file=fake)
    assert not TrainingMaterial.objects.exists()
    empty = SimpleUploadedFile("empty.pdf", b"")
    with pytest.raises(DomainError, match="empty"):
        materials.material_add(actor=persona("training"), training=training, title="X", file=empty)
    assert not TrainingMaterialVersion.objects.exists()


@pytest.mark.parametrize("key", ["communications", "ocpr", "pscd", "originating_unit"])
def test_only_training_rd_oee_and_administrators_upload(persona, training, key) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotAllowed):
        materials.material_add(actor=persona(key), training=training, title="X", file=_pdf())
    with pytest.raises(NotAllowed):
        materials.training_update(actor=persona(key), training=training, title="Renamed")


def test_the_training_is_updated_with_its_history(persona, training) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError, match="title"):
        materials.training_update(actor=persona("training"), training=training, title=" ")
    materials.training_update(
        actor=persona("training"),
        training=training,
        title="CIT basic training",
        description="Forty hours.",
    )
    training.refresh_from_db()
    assert training.title == "CIT basic training"
    event = AuditEvent.objects.get(action="training.update")
    assert event.before["title"] == "Crisis Intervention Team training"
    assert event.after == {"title": "CIT basic training", "description": "Forty hours."}


# --- The staff pages ------------------------------------------------------------------------


def test_the_training_division_uploads_from_the_page_and_staff_read_it(client_as, training) -> None:  # type: ignore[no-untyped-def]
    client = client_as("training")
    url = f"/staff/engagements/trainings/{training.pk}/"
    done = client.post(
        url + "materials/",
        {"m-title": "Lesson plan", "m-file": _pdf(), "m-is_public": "on"},
        follow=True,
    ).text
    assert "The material was added as version 1." in done
    material = TrainingMaterial.objects.get()
    version = client.post(
        f"/staff/engagements/materials/{material.pk}/versions/",
        {f"v{material.pk}-file": _pdf("v2.pdf"), f"v{material.pk}-note": "Updated scenario."},
        follow=True,
    ).text
    assert "Version 2 was added." in version and "Updated scenario." in version
    reader = client_as("pscd").get(url).text
    assert "Lesson plan" in reader and "Upload a new version" not in reader
    listing = client_as("pscd").get("/staff/engagements/trainings/").text
    assert "Crisis Intervention Team training" in listing


def test_a_refused_upload_keeps_what_was_typed(client_as, training) -> None:  # type: ignore[no-untyped-def]
    client = client_as("oee")
    fake = SimpleUploadedFile("slides.pdf", b"<html></html>")
    page = client.post(
        f"/staff/engagements/trainings/{training.pk}/materials/",
        {"m-title": "Slides for module 2", "m-file": fake},
    )
    assert page.status_code == 200
    assert "We cannot accept" in page.text and "Slides for module 2" in page.text
    missing = client.post(
        f"/staff/engagements/trainings/{training.pk}/materials/", {"m-title": "No file"}
    )
    assert "Choose the file to upload." in missing.text and "No file" in missing.text
    assert not TrainingMaterial.objects.exists()


def test_a_version_is_downloaded_as_an_attachment_with_its_stored_type(
    client, client_as, persona, training
) -> None:  # type: ignore[no-untyped-def]
    material = materials.material_add(
        actor=persona("training"), training=training, title="Slides", file=_pdf("Module 1.pdf")
    )
    url = f"/staff/engagements/materials/versions/{material.versions.get().pk}/download/"
    assert client.get(url).status_code == 302  # to the sign-in page
    assert client_as("department_member").get(url).status_code == 403
    response = client_as("communications").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Module 1.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_an_engagement_about_a_training_links_its_materials(client_as, persona) -> None:  # type: ignore[no-untyped-def]
    from townhall.engagements import services

    engagement = services.engagement_create(
        actor=persona("training"),
        title="Engagement on CIT training",
        originating_unit="Training Division",
        training_title="CIT training",
    )
    page = client_as("oee").get(f"/staff/engagements/{engagement.pk}/").text
    assert f"/staff/engagements/trainings/{engagement.training_id}/" in page
    training_page = client_as("oee").get(f"/staff/engagements/trainings/{engagement.training_id}/")
    assert "Engagement on CIT training" in training_page.text


# --- Public materials on the engagement's public page (III-A) ---------------------------------


def _published_about(persona, training):  # type: ignore[no-untyped-def]
    from townhall.engagements import content

    engagement = determined(
        persona,
        1,
        consulted="training",
        actor="training",
        unit="Training Division",
        title="Crisis intervention: community review of the course",
        about={"training": training},
        populations=["People in crisis"],
    )
    content.engagement_text_save(
        actor=persona("oee"),
        engagement=engagement,
        language="en",
        title="Crisis intervention training",
        summary="Review the course with us.",
    )
    return content.engagement_publish(actor=persona("oee"), engagement=engagement)


def test_public_materials_show_on_the_engagement_page_at_their_latest_version_III_A(
    client, persona, training
) -> None:  # type: ignore[no-untyped-def]
    engagement = _published_about(persona, training)
    material = materials.material_add(
        actor=persona("training"), training=training, title="Lesson plan", file=_pdf()
    )
    hidden = client.get(f"/get-involved/engagements/{engagement.pk}/").text
    assert "Lesson plan" not in hidden
    materials.material_publish(actor=persona("training"), material=material)
    v2 = materials.material_version_add(
        actor=persona("training"),
        material=material,
        file=_pdf(body=PDF + b"% v2\n"),
        note="Adds the 2026 de-escalation module.",
    )
    page = client.get(f"/get-involved/engagements/{engagement.pk}/").text
    assert "Lesson plan" in page and "version 2" in page
    response = client.get(f"/get-involved/engagements/{engagement.pk}/materials/{v2.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")


def test_hidden_materials_and_other_trainings_are_not_served(client, persona, training) -> None:  # type: ignore[no-untyped-def]
    engagement = _published_about(persona, training)
    material = materials.material_add(
        actor=persona("training"), training=training, title="Lesson plan", file=_pdf()
    )
    version = material.versions.get()
    url = f"/get-involved/engagements/{engagement.pk}/materials/{version.pk}/"
    assert client.get(url).status_code == 404
    other = Training.objects.create(title="Another course")
    theirs = materials.material_add(
        actor=persona("training"), training=other, title="Other", file=_pdf(), is_public=True
    )
    other_url = f"/get-involved/engagements/{engagement.pk}/materials/{theirs.versions.get().pk}/"
    assert client.get(other_url).status_code == 404


def test_showing_and_hiding_a_material_is_audited_and_refused_twice(persona, training) -> None:  # type: ignore[no-untyped-def]
    from townhall.core.errors import IllegalTransition

    material = materials.material_add(
        actor=persona("training"), training=training, title="Slides", file=_pdf()
    )
    with pytest.raises(NotAllowed):
        materials.material_publish(actor=persona("pscd"), material=material)
    materials.material_publish(actor=persona("training"), material=material)
    with pytest.raises(IllegalTransition):
        materials.material_publish(actor=persona("training"), material=material)
    materials.material_unpublish(actor=persona("oee"), material=material)
    assert not TrainingMaterial.objects.get(pk=material.pk).is_public
    assert [
        e.action for e in AuditEvent.objects.filter(object_type__contains="material").order_by("id")
    ][-2:] == [
        "training_material.publish",
        "training_material.unpublish",
    ]


def test_the_staff_page_shows_and_hides_a_material(client_as, persona, training) -> None:  # type: ignore[no-untyped-def]
    material = materials.material_add(
        actor=persona("training"), training=training, title="Slides", file=_pdf()
    )
    client = client_as("training")
    client.post(f"/staff/engagements/materials/{material.pk}/visibility/", {"public": "1"})
    assert TrainingMaterial.objects.get(pk=material.pk).is_public
    page = client.get(f"/staff/engagements/trainings/{training.pk}/").text
    assert "Hide from the public" in page
    again = client.post(
        f"/staff/engagements/materials/{material.pk}/visibility/", {"public": "1"}, follow=True
    ).text
    assert "already shown to the public" in again


def test_only_the_latest_version_of_a_public_material_is_served_III_A(
    client, persona, training
) -> None:  # type: ignore[no-untyped-def]
    engagement = _published_about(persona, training)
    material = materials.material_add(
        actor=persona("training"),
        training=training,
        title="Lesson plan",
        file=_pdf(),
        is_public=True,
    )
    v1 = material.versions.get()
    materials.material_version_add(
        actor=persona("training"),
        material=material,
        file=_pdf(body=PDF + b"% v2\n"),
        note="v1 named a trainee; removed.",
    )
    url = f"/get-involved/engagements/{engagement.pk}/materials/{v1.pk}/"
    assert client.get(url).status_code == 404
