"""Checks that run before rendering: every character has a glyph in the layout's fonts.

The coverage index (``fonts/coverage.json``) is generated with the fonts, so this check
reads no font file and stays fast. Characters written as escapes are checked at their line
too: ``"\\u0E01"`` in YAML's double quotes, ``&#x0E01;`` and ``&hearts;`` in Markdown.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from html.entities import html5
from pathlib import Path
from typing import Any

from .errors import Problem
from .fonts import CoverageIndex
from .i18n import N_, Translator
from .model import Issue

_ = Translator("content")


def check_glyphs(issue: Issue, coverage: CoverageIndex | None = None) -> list[Problem]:
    """One error per character (per line) that no vendored font can print."""
    coverage = coverage or CoverageIndex.load()
    problems = []
    for display, path in _issue_files(issue):
        for number, line in _printed_lines(path):
            for char in coverage.missing(line):
                code = f"U+{ord(char):04X}"
                problems.append(
                    Problem(
                        display,
                        number,
                        _(
                            "character '{char}' ({code}) is not in any of the layout's fonts",
                            char=char,
                            code=code,
                        ),
                        _("it would print as a blank box: replace it, or add a font that has it"),
                    )
                )
    return problems


def _issue_files(issue: Issue) -> Iterator[tuple[str, Path]]:
    yield os.path.join(issue.display_dir, "issue.yaml"), issue.dir / "issue.yaml"
    for article in issue.articles():
        yield article.display_path, article.path


_QUOTED_RE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_YAML_ESCAPE_RE = re.compile(r"\\(?:\\|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})")
_REFERENCE_RE = re.compile(
    r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));"
)


def _yaml_escapes(line: str) -> str:
    """The characters ``\\x…``, ``\\u…`` and ``\\U…`` escapes give in double quotes."""
    found = []
    for quoted in _QUOTED_RE.findall(line):
        for escape in _YAML_ESCAPE_RE.findall(quoted):
            code = int(escape[2:], 16) if len(escape) > 2 else -1
            if 0 <= code <= 0x10FFFF:
                found.append(chr(code))
    return "".join(found)


def _references(line: str) -> str:
    """The characters Markdown character references (``&#x4E00;``, ``&hearts;``) give."""
    found = []
    for decimal, hexadecimal, name in _REFERENCE_RE.findall(line):
        if name:
            found.append(html5.get(f"{name};", ""))
        else:
            code = int(decimal) if decimal else int(hexadecimal, 16)
            found.append(chr(code) if code <= 0x10FFFF else "")
    return "".join(found)


def _printed_lines(path: Path) -> Iterator[tuple[int, str]]:
    """The file's lines that can reach the page (YAML comment lines cannot), each followed
    by the characters its escapes give.

    In an article, YAML is the front matter between the first two ``---`` lines; a ``#``
    line below it is a Markdown heading, which is printed.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    yaml_until = len(lines)
    if path.suffix == ".md":
        closing = [i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"]
        yaml_until = closing[0] if lines and lines[0].strip() == "---" and closing else 0
    for index, line in enumerate(lines):
        if index < yaml_until:
            if line.lstrip().startswith("#"):
                continue
            yield index + 1, line + (_yaml_escapes(line) if "\\" in line else "")
        else:
            yield index + 1, line + (_references(line) if "&" in line else "")


def preflight_report(checked: Any, *, pages: bool = False) -> list[str]:
    """The preflight report of ``typesetter check``, one line per finding (warnings aside).

    ``checked`` is a :class:`typesetter.pipeline.Checked`: content, fonts, images and the
    layout options as this build would print them.
    """
    issue, options, settings = checked.issue, checked.layout.options, checked.settings
    articles = sum(1 for _article in issue.articles())
    lines = [
        _(
            "content: {sections} sections, {articles} articles",
            sections=len(issue.sections),
            articles=articles,
        ),
        _("fonts: every character has a glyph in the layout's fonts"),
    ]
    if checked.images:
        lines += [
            _("image {name}: {description}", name=info.shown, description=info.describe())
            for info in checked.images
        ]
    else:
        lines.append(_("images: no raster pictures"))
    layout = _layout_line(checked.layout.name, options, settings)
    lines.append(_("layout: {description}", description=layout))
    lines.append(_("output: {description}", description=_output_line(settings)))
    if not pages:
        lines.append(_("pages: not laid out (--pages checks resolution, overflow and the trim)"))
    return lines


def _listed(parts: list[str]) -> str:
    # i18n: the separator between the items of a report line ("bleed 3 mm, marks crop")
    return _(", ").join(parts)


def _layout_line(name: str, options: Any, settings: Any) -> str:
    from .layouts import page_size_mm

    width, height = page_size_mm(options.page_size)
    margins = options.margins
    size = f"{options.page_size} {width:g}×{height:g} mm"
    bleed = f"{settings.bleed_mm:g}"
    margin = {
        "top": margins.top,
        "bottom": margins.bottom,
        "inner": margins.inner,
        "outer": margins.outer,
    }
    if margins.mirror:
        margin_text = _("margins {top}/{bottom}, inner {inner}, outer {outer} (mirrored)", **margin)
    else:
        margin_text = _(
            "margins {top}/{bottom}, inner {inner}, outer {outer} (not mirrored)", **margin
        )
    parts = [
        name,
        size,
        margin_text,
        _("bleed {bleed} mm", bleed=bleed),
        _("marks {marks}", marks=settings.marks),
    ]
    if settings.pad_to > 1:
        parts.append(_("pages padded to a multiple of {n}", n=settings.pad_to))
    return _listed(parts)


#: The editions as the report names them (``--edition`` values).
_EDITIONS = {"print": N_("print edition"), "screen": N_("screen edition")}


def _output_line(settings: Any) -> str:
    variant = settings.pdf_variant.upper() if settings.pdf_variant else _("plain PDF")
    if settings.cmyk:
        colour = _("CMYK output intent {profile}", profile=settings.cmyk_profile.name)
    else:
        colour = _("RGB (sRGB)")
    edition = _EDITIONS.get(str(settings.edition))
    shown = _(edition) if edition else _("{edition} edition", edition=settings.edition)
    parts = [shown, variant, colour]
    if settings.optimize_images:
        parts.append(_("pictures recompressed"))
    return _listed(parts)
