"""The editorial footer: 编辑部地址, 邮政编码, 电话, 电子邮箱 and the unlabelled office line."""

from __future__ import annotations

import re

from ..i18n import Translator
from .model import Colophon, Line, ReviewItem
from .text import ends_sentence, width

LABELS: dict[str, str] = {
    "address": r"(?:编\s*辑\s*部\s*)?(?:通\s*讯\s*)?地\s*址",
    "postcode": r"邮\s*政\s*编\s*码|邮\s*编",
    "phone": r"(?:联\s*系\s*)?电\s*话",
    "email": r"电\s*子\s*邮\s*箱|电\s*子\s*信\s*箱|邮\s*箱|[Ee]-?mail",
    "publisher": r"主\s*办\s*单\s*位|主\s*办",
    "fax": r"传\s*真",
    "website": r"网\s*址",
}
LABEL = re.compile("|".join(f"(?P<{name}>{rx})\\s*[:：]?\\s*" for name, rx in LABELS.items()))
START = re.compile(r"编\s*辑\s*部\s*地\s*址|^\s*(?:通\s*讯\s*)?地\s*址\s*[:：]")
COLOPHON_LINE_WIDTH = 45.0
PUBLISHER_ONLY = re.compile(r"^\s*主\s*办")
VALUE_CHECKS = {
    "postcode": re.compile(r"^\d{6}$"),
    "email": re.compile(r"^\S+@\S+$"),
    "phone": re.compile(r"^[\d\s\-－—()（）+、,，/]{5,}$"),
}

_ = Translator("importer")


def find_colophon(lines: list[Line]) -> int | None:
    """Index in ``lines`` where the colophon starts: a 编辑部地址 line after which every line
    is short, or None."""
    for i, line in enumerate(lines):
        if START.search(line.text) and all(_colophonish(rest.text) for rest in lines[i + 1 :]):
            return i
    return None


def colophon_block(lines: list[Line]) -> list[Line]:
    """A colophon printed elsewhere than at the end (on the cover, between articles): from
    a 编辑部地址 line, the lines that hold colophon labels."""
    start = next((i for i, line in enumerate(lines) if START.search(line.text)), None)
    if start is None:
        return []
    found = [lines[start]]
    for line in lines[start + 1 :]:
        if not LABEL.search(line.text) or PUBLISHER_ONLY.match(line.text):
            break
        found.append(line)
    return found


def _colophonish(text: str) -> bool:
    return bool(LABEL.search(text)) or (
        width(text) <= COLOPHON_LINE_WIDTH and not ends_sentence(text)
    )


def parse_colophon(lines: list[Line]) -> tuple[Colophon, list[ReviewItem]]:
    colophon, review = Colophon(lines=[line.no for line in lines]), []
    for line in lines:
        parts = _split(line.text)
        for name, value in parts:
            value = value.strip()
            if name is None:
                if value and "office" not in colophon.fields:
                    colophon.fields["office"] = value
                elif value:
                    message = _("colophon text not placed: “{text}”", text=value)
                    review.append(ReviewItem(line.no, message))
            elif name == "publisher":
                colophon.publisher = value
            elif name in ("fax", "website") or name in colophon.fields:
                message = _("colophon field not placed: “{text}”", text=value)
                review.append(ReviewItem(line.no, message))
            else:
                check = VALUE_CHECKS.get(name)
                if check and not check.match(value):
                    message = _("colophon {key} looks wrong: “{text}”", key=name, text=value)
                    review.append(ReviewItem(line.no, message))
                colophon.fields[name] = value
    return colophon, review


def _split(text: str) -> list[tuple[str | None, str]]:
    """The line cut at its labels: [(None, unlabelled text), (field, value), ...]."""
    parts: list[tuple[str | None, str]] = []
    matches = list(LABEL.finditer(text))
    start, name = 0, None
    for match in matches:
        if match.start() > start or name is not None:
            parts.append((name, text[start : match.start()]))
        name = match.lastgroup
        start = match.end()
    parts.append((name, text[start:]))
    return [(n, v) for n, v in parts if v.strip() or n is not None]
