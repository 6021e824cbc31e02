"""People who sign in, and the roles their units give them (seed 002 IV, VI, VII).

Members of the public never need an account.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A unit or position named by the directive. A person can hold several."""

    DEPARTMENT_MEMBER = "department_member", _("Department member")
    RD = "rd", _("Research and Development Division")
    OEE = "oee", _("Office of Equity and Engagement")
    OCPR = "ocpr", _("Office of Constitutional Policing and Reform")
    # VII-A: only the Chief of OCPR or an authorized designee authorizes a posting.
    OCPR_CHIEF = "ocpr_chief", _("Chief, Office of Constitutional Policing and Reform")
    OCPR_DESIGNEE = "ocpr_designee", _("Authorized designee of the Chief of OCPR")
    PSCD = "pscd", _("Professional Standards and Compliance Division")
    COMMUNICATIONS = "communications", _("Communications Division")
    TRAINING = "training", _("Training Division")
    ORIGINATING_UNIT = "originating_unit", _("Originating unit")
    ADMIN = "admin", _("System administrator")


#: Roles that open the staff area. A Department member is not staff: they comment as an
#: internal commenter (VII-B-2) but run no workflow.
STAFF_ROLES: frozenset[str] = frozenset(r.value for r in Role if r != Role.DEPARTMENT_MEMBER)


class User(AbstractUser):
    preferred_language = models.CharField(_("preferred language"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # For an originating unit: which one (e.g. "Bureau of Patrol").
    unit_name = models.CharField(_("unit"), max_length=200, blank=True)
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="one_assignment_per_role")
        ]
        ordering = ["role"]

    def __str__(self) -> str:
        return f"{self.user.get_username()}: {self.get_role_display()}"
