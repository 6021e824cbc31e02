"""Writes of trainings and their course materials (III-A: "training developed by the Training
Division"). A material is a file whose every version is kept: a new upload is the next
version, numbered under a row lock, with its hash, size and the type its content shows."""

from __future__ import annotations

import os

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from townhall.accounts.models import User
from townhall.core.audit import audit_record, changed_only, snapshot
from townhall.core.errors import DomainError, IllegalTransition, NotAllowed
from townhall.core.text import one_line
from townhall.engagements import permissions
from townhall.engagements.models import Training, TrainingMaterial, TrainingMaterialVersion
from townhall.feedback.uploads import validate_upload

__all__ = [
    "material_add",
    "material_publish",
    "material_unpublish",
    "material_version_add",
    "training_update",
]


def _check(actor: User) -> None:
    if not permissions.can_manage_training_materials(actor):
        raise NotAllowed(_("Your role cannot change trainings or their materials."))


def _title(value: str) -> str:
    title = one_line(value)
    if not title:
        raise DomainError(_("Give it a title."))
    if len(title) > 300:
        raise DomainError(_("The title is too long: at most 300 characters."))
    return title


def training_update(
    *, actor: User, training: Training, title: str, description: str = ""
) -> Training:
    """The training's title and description, as the public and the units see them."""
    _check(actor)
    title = _title(title)
    description = description.replace("\r\n", "\n").strip()
    if len(description) > 20_000:
        raise DomainError(_("The description is too long: at most 20000 characters."))
    with transaction.atomic():
        locked = Training.objects.select_for_update().get(pk=training.pk)
        old = snapshot(locked, ("title", "description"))
        Training.objects.filter(pk=training.pk).update(title=title, description=description)
        training.refresh_from_db()
        before, after = changed_only(old, snapshot(training, ("title", "description")))
        if after:
            audit_record(
                actor=actor, action="training.update", obj=training, before=before, after=after
            )
    return training


def _store_version(
    *,
    actor: User,
    material: TrainingMaterial,
    number: int,
    file: UploadedFile[bytes],
    note: str,
) -> TrainingMaterialVersion:
    try:
        checked = validate_upload(file)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages)) from exc
    original = os.path.basename((file.name or "material").replace("\\", "/"))[:255]
    version = TrainingMaterialVersion(
        material=material,
        number=number,
        original_name=original or "material",
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        note=note,
        uploaded_by=actor,
    )
    # Under a random name: the original name is only a label, and is offered on download.
    version.file.save(checked.random_name(), file, save=False)
    version.save()
    return version


def material_add(
    *,
    actor: User,
    training: Training,
    title: str,
    file: UploadedFile[bytes],
    is_public: bool = False,
    note: str = "",
) -> TrainingMaterial:
    """A new course material with its first file (version 1)."""
    _check(actor)
    title = _title(title)
    with transaction.atomic():
        material = TrainingMaterial.objects.create(
            training=training, title=title, is_public=is_public
        )
        version = _store_version(
            actor=actor, material=material, number=1, file=file, note=note.strip()
        )
        audit_record(
            actor=actor,
            action="training_material.add",
            obj=material,
            after={
                "training": training.pk,
                "title": title,
                "is_public": is_public,
                "version": 1,
                "sha256": version.sha256,
            },
        )
    return material


def material_version_add(
    *, actor: User, material: TrainingMaterial, file: UploadedFile[bytes], note: str
) -> TrainingMaterialVersion:
    """The next version of a material, saying what changed. The number is the previous one
    plus one, taken under a lock on the material so two uploads at once do not collide."""
    _check(actor)
    note = note.replace("\r\n", "\n").strip()
    if not note:
        raise DomainError(_("Say what changed in this version."))
    if len(note) > 5000:
        raise DomainError(_("The note is too long: at most 5000 characters."))
    with transaction.atomic():
        TrainingMaterial.objects.select_for_update().get(pk=material.pk)
        last = TrainingMaterialVersion.objects.filter(material=material).aggregate(m=Max("number"))[
            "m"
        ]
        number = (last or 0) + 1
        version = _store_version(
            actor=actor, material=material, number=number, file=file, note=note
        )
        audit_record(
            actor=actor,
            action="training_material.version",
            obj=material,
            after={"version": number, "sha256": version.sha256, "note": note},
        )
    return version


def _set_public(*, actor: User, material: TrainingMaterial, public: bool, action: str) -> None:
    _check(actor)
    with transaction.atomic():
        updated = TrainingMaterial.objects.filter(pk=material.pk, is_public=not public).update(
            is_public=public
        )
        if not updated:
            raise IllegalTransition(
                _("This material is already shown to the public.")
                if public
                else _("This material is already hidden from the public.")
            )
        audit_record(
            actor=actor,
            action=action,
            obj=material,
            before={"is_public": not public},
            after={"is_public": public},
        )
    material.is_public = public


def material_publish(*, actor: User, material: TrainingMaterial) -> TrainingMaterial:
    """Show the material's latest version on the public page of every published engagement
    about its training (III-A)."""
    _set_public(actor=actor, material=material, public=True, action="training_material.publish")
    return material


def material_unpublish(*, actor: User, material: TrainingMaterial) -> TrainingMaterial:
    """Hide it again; its versions are kept."""
    _set_public(actor=actor, material=material, public=False, action="training_material.unpublish")
    return material
