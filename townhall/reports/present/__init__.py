"""A "what we heard" report as a reader sees it (seed 002 V-D-3, VII-D-5): the data of
build.py and the staff's narrative, shaped for `reports/_report_body.html` in one language.

The data holds codes and numbers, so everything machine-made (labels of methods, levels,
dispositions, groups of people, table headings, charts) is looked up here in the reader's
language, always. The narrative is staff's Markdown per section and language: the reader's
language when staff wrote it, else the English text, marked as English and said to be not yet
translated.

Pure: works on the data and the narrative alone, reads no table. The same context serves the
public page, the staff preview and the PDF, so the three show the same content. `report_tables`
gives every table of the report as plain rows for the CSV download.

Submodules: labels (codes' labels, numbers and dates), narrative (the staff's text), charts
(the bar charts and their print form), engagement (the engagement, activities, participation),
demographics (who took part), themes (campaigns, themes, recommendations), revisions (the
redline), outcomes (not adopted, future, follow-up), context (report_context) and tables (the
CSV's tables).
"""

from __future__ import annotations

from townhall.reports.present.charts import for_print, visual_rtl
from townhall.reports.present.context import report_context
from townhall.reports.present.labels import section_titles
from townhall.reports.present.tables import DataTable, report_tables

__all__ = [
    "DataTable",
    "for_print",
    "report_context",
    "report_tables",
    "section_titles",
    "visual_rtl",
]
