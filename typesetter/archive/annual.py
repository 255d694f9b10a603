"""The annual index (年度总目录): ``annual-<year>.pdf``, typeset by the issues' layout.

Every article of the year's issues, grouped by section (in the order the sections first
appear), each with its issue number and the page it starts on — the page read from the
rendered issue and kept in its catalog record.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, RenderError


@dataclass
class AnnualEntry:
    title: str
    number: int
    page: int | None
    issue: str


@dataclass
class AnnualSection:
    title: str
    entries: list[AnnualEntry] = field(default_factory=list)


def annual_file(year: int, suffix: str = "") -> str:
    """``annual-2023.pdf``; ``annual-2023.screen.pdf`` for the screen edition."""
    return f"annual-{year}{suffix}.pdf"


def by_year(records: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    years: dict[int, list[dict[str, Any]]] = {}
    for record in sorted(records, key=lambda r: (r["year"], r["number"], r["name"])):
        years.setdefault(record["year"], []).append(record)
    return years


def annual_sections(records: list[dict[str, Any]]) -> list[AnnualSection]:
    """The year's articles by section; within a section, by issue number then page."""
    sections: dict[str, AnnualSection] = {}
    for record in sorted(records, key=lambda r: (r["number"], r["name"])):
        for article in record["articles"]:
            section = sections.setdefault(article["section"], AnnualSection(article["section"]))
            entry = AnnualEntry(article["title"], record["number"], article["page"], record["name"])
            section.entries.append(entry)
    for section in sections.values():
        section.entries.sort(key=lambda e: (e.number, e.page or 0))
    return list(sections.values())


def annual_digest(records: list[dict[str, Any]], inputs: str) -> str:
    """What an annual index is built from: the fields of its records it prints and
    ``inputs`` (layout, code, fonts) — not the PDFs' hashes, so a typo fixed in an article
    does not re-typeset the year's index."""
    used = [
        [r["name"], r["number"], r["date"], r["publication"], r.get("publisher"), r["layout"]]
        + [[a["section"], a["title"], a["page"]] for a in r["articles"]]
        for r in records
    ]
    text = json.dumps(used, ensure_ascii=False) + "\n" + inputs
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def annual_context(year: int, records: list[dict[str, Any]]) -> dict[str, Any]:
    ordered = sorted(records, key=lambda r: (r["number"], r["name"]))
    first, last = ordered[0], ordered[-1]
    span = (
        f"第{first['number']}期"
        if len(ordered) == 1
        else (f"第{first['number']}—{last['number']}期")
    )
    return {
        "year": year,
        "publication": first["publication"],
        "publisher": first.get("publisher") or first["publication"],
        "span": span,
        "issue_count": len(ordered),
        "article_count": sum(len(r["articles"]) for r in ordered),
        "sections": annual_sections(ordered),
        "created": f"{max(r['date'] for r in ordered)}T00:00:00+08:00",
    }


def render_annual(
    year: int, records: list[dict[str, Any]], output: Path, *, issue_dir: Path | None = None
) -> int:
    """Typeset the annual index of ``year`` into ``output`` (atomically); its page count.
    The layout is the first record's, found as a build of the issue in ``issue_dir`` finds
    it (an office's layouts/ beside its issues too)."""
    from ..html import render_template
    from ..layouts import load_layout
    from ..pdf import content_identifier, write_atomic
    from ..resources import FONTS_DIR
    from ..weasy import RenderJob, render_pdf

    layout = load_layout(records[0]["layout"], issue_dir=issue_dir)
    html = render_template(layout, "annual.html.j2", annual_context(year, records))
    job = RenderJob(
        html=html,
        base_dir=layout.folders[0],
        allowed_roots=[*layout.folders, FONTS_DIR],
        display_dir=str(output),
        identifier=content_identifier(html),
    )
    rendered = render_pdf(job)
    errors = [w for w in rendered.warnings if w.severity == "error"]
    if errors:
        raise RenderError([Problem(str(output), None, w.message) for w in errors])
    write_atomic(output, rendered.data)
    return rendered.pages
