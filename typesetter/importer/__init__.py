"""Import an old issue from the plain text extracted from its PDF: ``typesetter import``.

``import_text`` reads the text (cover, contents, 【…】 sections, articles ended by their
source lines, colophon), cleans punctuation and spaces without touching a word, and writes
a content folder in the contract format, with a report of what needs a human look. The
rules are generic patterns (第N期, 总N期, 主办单位, 【…】, 来源：, 编选：, 编辑部地址 …); the
importer holds no string peculiar to one publication.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from ..errors import ContentError, Problem, UsageError
from ..i18n import Translator
from ..layouts import available_layouts
from .assemble import Assembler
from .model import ImportResult, ReviewItem
from .parse import parse_issue, read_lines
from .report import REPORT_NAME, format_report
from .write import write_issue

__all__ = ["ImportResult", "ReviewItem", "format_report", "import_text"]

OWN_FILES = ("issue.yaml", REPORT_NAME)

_ = Translator("importer")


def import_text(
    text_file: Path, issue_dir: Path, *, layout: str = "newsletter", force: bool = False
) -> ImportResult:
    """Import ``text_file`` into the new content folder ``issue_dir``.

    Raises UsageError when ``layout`` is not an installed layout, ContentError when the
    text cannot be read as an issue at all (or holds control characters), or when
    ``issue_dir`` exists and ``force`` is false. With ``force``, the files an import writes
    (issue.yaml, articles/*.md, the report) are replaced; anything else is left alone.
    """
    text_file, issue_dir = Path(text_file), Path(issue_dir)
    _check_layout(layout)
    if issue_dir.exists() and not issue_dir.is_dir():
        raise ContentError([Problem(str(issue_dir), None, _("exists and is not a folder"))])
    if issue_dir.exists() and not force:
        raise ContentError(
            [Problem(str(issue_dir), None, _("already exists"), _("pass --force to replace it"))]
        )
    doc = Assembler(parse_issue(read_lines(text_file), text_file), layout).build()
    articles = doc.articles()
    result = ImportResult(
        issue_dir=issue_dir,
        files=[],
        review=doc.review,
        changes=dict(doc.changes),
        text_file=text_file,
        articles=len(articles),
        sections=len(doc.sections),
        on_toc=sum(1 for a in articles if a.front.get("toc", True)),
    )
    header = [
        _(
            "Imported from {name} by typesetter import; see {report}.",
            name=text_file.name,
            report=REPORT_NAME,
        )
    ]
    try:
        if issue_dir.exists():
            _clear(issue_dir)
        result.files = write_issue(issue_dir, doc, header, doc.issue_review())
        result.files.append(issue_dir / REPORT_NAME)
        result.files[-1].write_text(format_report(result), encoding="utf-8")
    except OSError as error:
        place = error.filename or issue_dir
        problem = Problem(str(place), None, _("cannot write: {reason}", reason=error.strerror))
        raise ContentError([problem]) from error
    return result


def _check_layout(layout: str) -> None:
    """The layout the issue will name must be one ``check`` accepts: an installed layout."""
    available = available_layouts()
    if layout in available:
        return
    close = difflib.get_close_matches(layout, available, n=1)
    shown = ", ".join(available) or _("none installed")
    if close:
        hint = _("did you mean '{name}'? available: {available}", name=close[0], available=shown)
    else:
        hint = _("available: {available}", available=shown)
    message = _("unknown layout '{layout}'", layout=layout)
    raise UsageError([Problem("--layout", None, message, hint)])


def _clear(issue_dir: Path) -> None:
    for name in OWN_FILES:
        (issue_dir / name).unlink(missing_ok=True)
    for path in (issue_dir / "articles").glob("*.md"):
        path.unlink()
