"""The import report: printed on stderr and saved as ISSUE_DIR/import-report.txt."""

from __future__ import annotations

from ..errors import printable
from .clean import describe
from .model import ImportResult

REPORT_NAME = "import-report.txt"


def format_report(result: ImportResult) -> str:
    source = str(result.text_file) if result.text_file else "text"
    lines = [
        f"import {source} → {result.issue_dir}",
        f"{_n(result.articles, 'article')} in {_n(result.sections, 'section')},"
        f" {result.on_toc} in the table of contents; {_n(len(result.files), 'file')} written",
    ]
    changes = describe(result.changes)
    if changes:
        lines.append("clean-up (punctuation and spaces only; no word added, dropped or moved):")
        lines += [f"  {line}" for line in changes]
    if result.review:
        count = len(result.review)
        lines.append(f"{count} item{'s' if count != 1 else ''} to review:")
        for item in sorted(result.review, key=lambda i: i.line):
            place = f"line {item.line}" if item.line else "issue"
            lines.append(
                f"  {source}:{item.line}: {item.message}"
                if item.line
                else f"  {place}: {item.message}"
            )
    else:
        lines.append("nothing to review")
    return "\n".join(printable(line) for line in lines) + "\n"  # safe on a terminal


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"
