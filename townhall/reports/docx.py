"""The annual report section as a DOCX (seed 002 VI-B-7, VIII-B): the document the editors of
the CPD Annual Report paste into theirs, written with python-docx from the same
annual.SectionView the page and the PDF show.

It has a navigable structure (Heading 1 for the title, Heading 2 for the parts, Heading 3 for
each engagement and chart, Heading 4 within an engagement), tables whose first row is a header
row repeated on every page, each with its caption before it and as the table's alternative
text, real links, and the title and the language in the core properties and in the document's
default run properties (with right-to-left paragraphs for Arabic). python-docx embeds raster
images only, so each chart's figures are given as its table, and the document says that the
drawn charts are in the PDF and on the page.

python-docx is imported inside the functions: views import this module only when a DOCX is
asked for.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from townhall.reports.annual import EngagementView, Fact, SectionView

__all__ = ["section_docx"]

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: The Office language tags of the interface languages.
_OFFICE_LANGUAGE = {
    "en": "en-US",
    "es": "es-US",
    "zh-hans": "zh-CN",
    "pl": "pl-PL",
    "ar": "ar-SA",
    "hi": "hi-IN",
}


def _office_language(language: str) -> str:
    return _OFFICE_LANGUAGE.get(language, language)


def _set_defaults(document: Any, language: str, rtl: bool) -> None:
    """The language of every run, and right to left paragraphs for Arabic, in docDefaults."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tag = _office_language(language)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag if language.startswith("zh") else "en-US")
    lang.set(qn("w:bidi"), tag if rtl else "ar-SA")
    if rtl:
        lang.addprevious(OxmlElement("w:rtl"))  # the schema's order: rtl before lang
        ppr_default = defaults.find(qn("w:pPrDefault"))
        if ppr_default is None:
            ppr_default = OxmlElement("w:pPrDefault")
            defaults.append(ppr_default)
        ppr = ppr_default.find(qn("w:pPr"))
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            ppr_default.append(ppr)
        ppr.insert(0, OxmlElement("w:bidi"))


def _is_rtl(document: Any) -> bool:
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    return defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rtl')}") is not None


def _link(paragraph: Any, text: str, url: str) -> None:
    """A real hyperlink (python-docx has no call for one), underlined in the link colour."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    hyperlink = OxmlElement("w:hyperlink")
    hyperlink.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0B5CAD")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(color)
    props.append(underline)
    run.append(props)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    hyperlink.append(run)
    paragraph._p.append(hyperlink)


def _table(
    document: Any, caption: str, headings: Sequence[str], rows: Sequence[Sequence[str]]
) -> Any:
    """A table with its caption before it and as its alternative text; the first row is a
    header row (repeated on each page), the first cell of each row in bold (its heading).
    Right to left, the columns run from the right."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document.add_paragraph(caption, style="Caption").paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    tbl_pr = table._tbl.tblPr
    if _is_rtl(document):
        style = tbl_pr.find(qn("w:tblStyle"))
        bidi = OxmlElement("w:bidiVisual")
        if style is not None:
            style.addnext(bidi)
        else:
            tbl_pr.insert(0, bidi)
    for name, value in (("w:tblCaption", caption[:255]), ("w:tblDescription", caption)):
        element = OxmlElement(name)
        element.set(qn("w:val"), value)
        tbl_pr.append(element)
    header = table.rows[0]
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(marker)
    for cell, text in zip(header.cells, headings, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            if i == 0:
                run.bold = True
    document.add_paragraph()
    return table


def _facts(document: Any, caption: str, facts: Sequence[Fact], headings: Sequence[str]) -> None:
    _table(document, caption, headings, [(f.label, f.value) for f in facts])


def section_docx(
    section: SectionView, *, language: str, rtl: bool = False, generated_on: datetime.date
) -> bytes:
    """The section as a DOCX, in the active language (`language` is its code)."""
    import docx

    document = docx.Document()
    _set_defaults(document, language, rtl)
    department = settings.TOWNHALL_DEPARTMENT_NAME
    site = settings.TOWNHALL_SITE_NAME
    props = document.core_properties
    props.title = section.title
    props.subject = _("A section of the CPD Annual Report (VI-B-7, VIII-B)")
    props.language = _office_language(language)
    props.author = department
    props.last_modified_by = site
    props.keywords = _("community engagement; annual report; %(year)s") % {"year": section.year}
    props.comments = _("Generated from the record by %(site)s.") % {"site": site}
    now = timezone.now().replace(microsecond=0)
    props.created = now
    props.modified = now
    props.revision = 1

    what, figure = _("What"), _("Figure")
    document.add_heading(section.title, level=1)
    document.add_paragraph(
        _(
            "A description and review of the community engagement activities of the "
            "%(department)s in %(year)s, for the CPD Annual Report (VI-B-7, VIII-B), generated "
            "from the record."
        )
        % {"department": department, "year": section.year}
    )
    document.add_paragraph(
        _("Generated by %(site)s on %(day)s.")
        % {"site": site, "day": date_format(generated_on, "DATE_FORMAT")}
    )

    if section.empty:
        document.add_paragraph(
            _(
                "No engagement was active in %(year)s: none had an activity, a posting open for "
                "comment or a published report in the year."
            )
            % {"year": section.year}
        )
    else:
        document.add_heading(_("The year in figures"), level=2)
        _facts(
            document,
            _("Community engagement in %(year)s, in figures") % {"year": section.year},
            section.summary,
            (what, figure),
        )

        document.add_heading(_("Charts"), level=2)
        document.add_paragraph(
            _(
                "The charts are drawn in the PDF of this section and on its page; here their "
                "figures are given as tables."
            )
        )
        for view in section.charts:
            document.add_heading(view.heading, level=3)
            _table(document, view.caption, view.columns, view.rows)

        document.add_heading(_("The engagements"), level=2)
        for e in section.engagements:
            _engagement(document, e, (what, figure))

        document.add_heading(_("Evaluation of the year"), level=2)
        document.add_paragraph(
            _(
                "The measures of all the engagements above together: sums, means and shares of "
                "all items together, as the evaluation dashboard computes them."
            )
        )
        _facts(
            document,
            _("Evaluation measures of the engagements active in %(year)s") % {"year": section.year},
            section.evaluation,
            (_("Measure"), _("All engagements")),
        )

    document.add_heading(_("How the section is made"), level=2)
    for note in section.notes:
        document.add_paragraph(note, style="List Bullet")
    document.add_heading(_("How each measure is computed"), level=3)
    for label, items, how in section.measures:
        paragraph = document.add_paragraph()
        paragraph.add_run(label).bold = True
        paragraph.add_run(f" ({items}): {how}")

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _engagement(document: Any, e: EngagementView, headings: tuple[str, str]) -> None:
    document.add_heading(e.title, level=3)
    _facts(document, _("About the engagement “%(title)s”") % {"title": e.title}, e.facts, headings)
    document.add_heading(_("Methods"), level=4)
    if e.methods:
        for m in e.methods:
            document.add_paragraph(f"{m.label}: {m.value}", style="List Bullet")
    else:
        document.add_paragraph(_("No activity of the engagement falls in the year."))
    document.add_heading(_("Participation"), level=4)
    _facts(
        document, _("Participation in “%(title)s”") % {"title": e.title}, e.participation, headings
    )
    document.add_heading(_("What changed as a result"), level=4)
    paragraph = document.add_paragraph(e.report_line)
    if e.report_url:
        paragraph.add_run(" ")
        _link(paragraph, _("Read the report on “%(title)s”") % {"title": e.title}, e.report_url)
    if e.revisions:
        document.add_paragraph(e.revisions)
    if e.changes:
        _table(
            document,
            _("Items of the directive that changed, and the feedback that led to them"),
            (_("Item"), _("Change"), _("Heading"), _("Led to by")),
            [(c.item, c.kind, c.heading or "—", c.because or "—") for c in e.changes],
        )
        if e.more_changes:
            document.add_paragraph(e.more_changes)
    if e.adopted:
        _table(
            document,
            _("Themes and recommendations adopted in whole or in part, and why"),
            (_("What"), _("Kind"), _("Disposition"), _("Reasoning")),
            [(o.label, o.kind, o.disposition, o.reason or "—") for o in e.adopted],
        )
    elif e.outcomes:
        document.add_paragraph(
            _("The report names no theme or recommendation adopted in whole or in part.")
        )
    if e.outcomes:
        _facts(
            document,
            _("Dispositions in the report on “%(title)s”") % {"title": e.title},
            e.outcomes,
            headings,
        )
    document.add_heading(_("Evaluation measures"), level=4)
    _facts(
        document,
        _("Evaluation measures of “%(title)s”") % {"title": e.title},
        e.measures,
        (_("Measure"), _("Value")),
    )
