"""Staff side of trainings and their course materials (III-A): every staff member reads and
downloads them; the Training Division, R&D, OEE and administrators upload new ones and new
versions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from townhall.accounts.selectors import signed_in_user
from townhall.core.downloads import download
from townhall.core.errors import DomainError
from townhall.engagements import materials, permissions
from townhall.engagements.forms import MaterialForm, MaterialVersionForm, TrainingForm
from townhall.engagements.models import Training, TrainingMaterial, TrainingMaterialVersion
from townhall.engagements.selectors import training_materials, trainings_with_counts


def _can_read(request: HttpRequest) -> None:
    if not permissions.can_view_engagements(request.user):
        raise PermissionDenied


def _can_manage(request: HttpRequest) -> None:
    if not permissions.can_manage_training_materials(request.user):
        raise PermissionDenied


def training_list(request: HttpRequest) -> HttpResponse:
    _can_read(request)
    return render(
        request, "engagements/staff/training_list.html", {"trainings": trainings_with_counts()}
    )


def _detail(
    request: HttpRequest,
    training: Training,
    *,
    training_form: TrainingForm | None = None,
    material_form: MaterialForm | None = None,
    version_form: tuple[int, MaterialVersionForm] | None = None,
) -> HttpResponse:
    items = training_materials(training)
    version_forms = {m.pk: MaterialVersionForm(prefix=f"v{m.pk}") for m in items}
    if version_form is not None:
        version_forms[version_form[0]] = version_form[1]
    context: dict[str, Any] = {
        "training": training,
        "engagements": training.engagements.order_by("-created_at", "-id"),
        "materials": [(m, list(m.versions.all()), version_forms[m.pk]) for m in items],
        "can_manage": permissions.can_manage_training_materials(request.user),
        "training_form": training_form
        or TrainingForm(initial={"title": training.title, "description": training.description}),
        "material_form": material_form or MaterialForm(prefix="m"),
    }
    return render(request, "engagements/staff/training_detail.html", context)


def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _can_read(request)
    return _detail(request, get_object_or_404(Training, pk=pk))


def _back(training: Training, anchor: str = "") -> HttpResponse:
    response = redirect("staff:engagements:training", pk=training.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@require_POST
def training_update(request: HttpRequest, pk: int) -> HttpResponse:
    _can_manage(request)
    training = get_object_or_404(Training, pk=pk)
    form = TrainingForm(request.POST)
    if form.is_valid():
        try:
            materials.training_update(
                actor=signed_in_user(request),
                training=training,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The training was saved."))
            return _back(training)
    return _detail(request, training, training_form=form)


@require_POST
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    _can_manage(request)
    training = get_object_or_404(Training, pk=pk)
    form = MaterialForm(request.POST, request.FILES, prefix="m")
    if form.is_valid():
        data = form.cleaned_data
        try:
            material = materials.material_add(
                actor=signed_in_user(request),
                training=training,
                title=data["title"],
                is_public=data["is_public"],
                file=data["file"],
                note=data["note"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The material was added as version 1."))
            return _back(training, f"material-{material.pk}")
    return _detail(request, training, material_form=form)


@require_POST
def material_version_add(request: HttpRequest, pk: int) -> HttpResponse:
    _can_manage(request)
    material = get_object_or_404(TrainingMaterial.objects.select_related("training"), pk=pk)
    form = MaterialVersionForm(request.POST, request.FILES, prefix=f"v{material.pk}")
    if form.is_valid():
        try:
            version = materials.material_version_add(
                actor=signed_in_user(request),
                material=material,
                file=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Version %(n)d was added.") % {"n": version.number})
            return _back(material.training, f"material-{material.pk}")
    return _detail(request, material.training, version_form=(material.pk, form))


@require_POST
def material_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    _can_manage(request)
    material = get_object_or_404(TrainingMaterial.objects.select_related("training"), pk=pk)
    actor = signed_in_user(request)
    try:
        if request.POST.get("public") == "1":
            materials.material_publish(actor=actor, material=material)
            messages.success(request, _("The material is shown to the public."))
        else:
            materials.material_unpublish(actor=actor, material=material)
            messages.success(request, _("The material is hidden from the public."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(material.training, f"material-{material.pk}")


def version_download(request: HttpRequest, pk: int) -> FileResponse:
    """Served only as a download, with the type its content showed when it was uploaded."""
    _can_read(request)
    version = get_object_or_404(TrainingMaterialVersion, pk=pk)
    return download(
        version.file,
        filename=version.original_name or f"material-v{version.number}",
        content_type=version.content_type,
    )
