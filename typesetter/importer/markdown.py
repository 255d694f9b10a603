"""Blocks → the Markdown body of an article, with the text escaped where Markdown would
read it as markup (only the ``**…**`` bold marks of the text are kept as markup)."""

from __future__ import annotations

import re

from ..i18n import Translator
from .clean import Cleaner
from .model import Block, ReviewItem

LEADING = re.compile(r"^(?:(?P<mark>[#>]|[-+*](?=\s|$))|(?P<num>\d{1,9})(?P<delim>[.)])(?=\s|$))")
RAW_HTML = re.compile(r"<(?=[A-Za-z/!?])")
ENTITY = re.compile(r"&(?=#?\w+;)")
LONE_STAR = re.compile(r"(?<!\*)\*(?!\*)")
CODE = re.compile(r"`|\\(?=.)|_(?=\S)")

_ = Translator("importer")


def escape(text: str) -> str:
    """Escape what CommonMark/GFM would take as markup, except ``**`` pairs."""
    text = CODE.sub(lambda m: "\\" + m.group(0), text)
    text = RAW_HTML.sub(r"\\<", text)
    text = ENTITY.sub(r"\\&", text)
    text = LONE_STAR.sub(r"\\*", text)
    text = text.replace("~~", "\\~\\~")
    match = LEADING.match(text)
    if match and match["mark"]:
        text = "\\" + text
    elif match and match["num"]:
        text = f"{match['num']}\\{text[len(match['num']) :]}"
    return text


def body_markdown(blocks: list[Block], cleaner: Cleaner) -> tuple[str, list[ReviewItem]]:
    parts: list[str] = []
    review: list[ReviewItem] = []
    for block in blocks:
        text = cleaner.clean(block.text, title=block.keep_spaces)
        if text.count("**") % 2:
            review.append(
                ReviewItem(block.line, _("an odd number of ** bold marks: check the bold text"))
            )
        text = escape(text)
        if block.kind == "heading":
            parts.append(f"## {text}")
        elif block.kind == "item":
            line = f"- {text}"
            if parts and parts[-1].startswith("- "):
                parts[-1] += "\n" + line
                continue
            parts.append(line)
        else:
            parts.append(text)
    return "\n\n".join(parts) + "\n", review
