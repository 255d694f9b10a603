"""Convert an issue to a Typst document: the reference the build benchmark compares with.

The conversion is deliberately plain (cover, TOC via #outline, sections, articles with
paragraphs, bold, lists, subheadings, source lines) so that Typst does comparable work:
the same text, the same fonts, justified CJK body text with first-line indent.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

from typesetter.content import load_issue
from typesetter.model import Issue

_SPECIAL = re.compile(r"([\\#*_`$<>@\[\]~/=+-])")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def markdown_to_typst(body: str) -> str:
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    out: list[str] = []
    for token in tokens:
        if token.type == "heading_open":
            out.append("=" * (int(token.tag[1]) + 1) + " ")
        elif token.type == "inline":
            out.append(_inline(token.children or []))
        elif token.type in ("paragraph_close", "heading_close"):
            out.append("\n\n")
        elif token.type == "list_item_open":
            out.append("- ")
    return "".join(out)


def _inline(children: list) -> str:  # type: ignore[type-arg]
    parts = []
    for child in children:
        if child.type == "text":
            parts.append(escape(child.content))
        elif child.type in ("strong_open", "strong_close"):
            parts.append("*")
        elif child.type == "softbreak":
            parts.append(" ")
    return "".join(parts)


def issue_to_typst(issue: Issue) -> str:
    lines = [
        '#set page(paper: "a4", margin: (top: 22mm, bottom: 20mm, inside: 22mm, outside: 18mm),'
        ' numbering: "1")',
        '#set text(font: ("Noto Serif CJK SC", "HanaMinB", "Noto Sans CJK SC Fallback"),'
        ' size: 10.5pt, lang: "zh", region: "cn")',
        "#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 0.7em)",
        '#show heading: set text(font: "Noto Sans CJK SC", weight: "bold")',
        f'#align(center, text(size: 42pt, weight: "bold")[{escape(issue.publication)}])',
        f"#align(center)[{escape(issue.issue_line)} #h(2em) {escape(issue.date_text)}]",
        "#outline(depth: 2)",
        "#pagebreak()",
    ]
    for section in issue.sections:
        lines.append(f"= 【{escape(section.title)}】\n")
        for article in section.articles:
            lines.append(f"== {escape(article.meta.title)}\n")
            lines.append(markdown_to_typst(article.body))
            if article.source_text:
                lines.append(f"#align(right, text(size: 9pt)[{escape(article.source_text)}])\n")
    colophon = issue.colophon
    lines.append(f"#line(length: 100%)\n编辑部地址：{escape(colophon.address)}\n")
    return "\n".join(lines)


def write_reference(issue_dir: Path, target: Path) -> Path:
    issue, _ = load_issue(issue_dir)
    target.write_text(issue_to_typst(issue), encoding="utf-8")
    return target
