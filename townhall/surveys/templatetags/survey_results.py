"""The results partial's one helper: a computed or published result made ready to show."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import get_language_bidi

from townhall.surveys.charts import ResultView, result_view

register = template.Library()


@register.simple_tag
def survey_result_view(result: Mapping[str, Any], group: Any = "", prefix: Any = "") -> ResultView:
    """Charts mirror for a right-to-left language; `group` narrows the tables to one group
    of the breakdown (and the charts show it)."""
    return result_view(
        result, group=str(group or ""), rtl=get_language_bidi(), prefix=str(prefix or "")
    )
