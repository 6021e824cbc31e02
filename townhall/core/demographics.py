"""The standard, optional demographics block (seed 002 V-A: "a broad cross section of the
Chicago community"; VIII: the representativeness measures).

Attendance profiles (meetings), volunteer applications (bodies) and surveys ask the same
questions with the same answers, so that the annual evaluation can put them side by side with
the city's census figures. Every question has "Prefer not to say" as its empty value.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AgeBand", "Gender", "Lived", "Race"]


class AgeBand(models.TextChoices):
    UNSAID = "", _("Prefer not to say")
    UNDER_18 = "under_18", _("Under 18")
    A18_24 = "18_24", "18–24"
    A25_34 = "25_34", "25–34"
    A35_44 = "35_44", "35–44"
    A45_54 = "45_54", "45–54"
    A55_64 = "55_64", "55–64"
    A65_UP = "65_up", _("65 or older")


class Race(models.TextChoices):
    UNSAID = "", _("Prefer not to say")
    BLACK = "black", _("Black or African American")
    LATINO = "latino", _("Hispanic or Latino")
    WHITE = "white", _("White")
    ASIAN = "asian", _("Asian")
    NATIVE = "native", _("American Indian or Alaska Native")
    PACIFIC = "pacific", _("Native Hawaiian or Pacific Islander")
    MULTIPLE = "multiple", _("Two or more races")
    OTHER = "other", _("Another race or ethnicity")


class Gender(models.TextChoices):
    UNSAID = "", _("Prefer not to say")
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NONBINARY = "nonbinary", _("Non-binary")
    SELF = "self", _("Another gender")


class Lived(models.TextChoices):
    UNSAID = "", _("Prefer not to say")
    YES = "yes", _("Yes")
    NO = "no", _("No")
