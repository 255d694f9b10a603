"""The import report: printed on stderr and saved as ISSUE_DIR/import-report.txt."""

from __future__ import annotations

from ..errors import printable
from ..i18n import Translator
from .clean import describe
from .model import ImportResult

REPORT_NAME = "import-report.txt"

_ = Translator("importer")
ngettext = _.ngettext


def format_report(result: ImportResult) -> str:
    source = str(result.text_file) if result.text_file else _("text")
    lines = [
        _("import {source} → {folder}", source=source, folder=result.issue_dir),
        _(
            "{articles} in {sections}, {on_toc} in the table of contents; {files} written",
            articles=ngettext("{n} article", "{n} articles", result.articles),
            sections=ngettext("{n} section", "{n} sections", result.sections),
            on_toc=result.on_toc,
            files=ngettext("{n} file", "{n} files", len(result.files)),
        ),
    ]
    changes = describe(result.changes)
    if changes:
        lines.append(_("clean-up (punctuation and spaces only; no word added, dropped or moved):"))
        lines += [f"  {line}" for line in changes]
    if result.review:
        lines.append(ngettext("{n} item to review:", "{n} items to review:", len(result.review)))
        for item in sorted(result.review, key=lambda i: i.line):
            lines.append(
                f"  {source}:{item.line}: {item.message}"
                if item.line
                else "  " + _("issue: {message}", message=item.message)
            )
    else:
        lines.append(_("nothing to review"))
    return "\n".join(printable(line) for line in lines) + "\n"  # safe on a terminal
