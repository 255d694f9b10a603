"""The cover: issue line (第N期, 总N期, date), masthead lines, publisher, contents.

Contents lines are recognised by the article titles the body holds (the extraction
scrambles them: titles run together, group names split by bullet marks), by a page
number after a tab or leader dots, or by a leading bullet mark.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

from ..i18n import Translator
from .model import Cover, Line, ReviewItem, TocEntry
from .source import find_date
from .text import key, squeeze, width

ISSUE_NUMBER = re.compile(r"(?:(?P<year>\d{4})\s*年\s*)?第\s*(?P<number>\d{1,3})\s*期")
TOTAL = re.compile(r"总\s*(?:第\s*)?(?P<total>\d{1,5})\s*期")
PUBLISHER = re.compile(r"^(?:主\s*办\s*单\s*位|主\s*办)\s*[:：]?\s*(?P<name>\S.*)$")
PUBLISHER_AFTER = re.compile(r"^(?P<name>\S.{3,}?)\s*主\s*办$")
PAGE = re.compile(r"(?:\t+[.．…·]*[\t ]*|[\t ]*[.．…·]{2,}[\t ]*|\s+[.．]\s*)(?P<page>\d{1,3})\s*$")
CONTENTS_HEADING = re.compile(r"^(?:本\s*期\s*)?(?:目\s*录|要\s*目|导\s*读|内\s*容)$")
GROUP_MARK = re.compile(r"^\s*(?:[•●■◆▪]|【)")
ENTRY_MARK = re.compile(r"^\s*(?:[>▶►]|[-–]\s)")
MARKS = re.compile(r"(?:^|\s)[•●■◆▪>▶►](?=\s|$)|^[•●■◆▪>▶►]|[【】]")
MIN_TITLE_KEY = 4
FUZZY = 0.75
MIN_SHORTENED = 6
GROUP_WIDTH = 12.0

_ = Translator("importer")


class CoverParser:
    """Reads the cover lines, given the articles' titles (index, title) from the body."""

    def __init__(self, titles: list[str]) -> None:
        self.titles = titles
        self.keys = [key(t) for t in titles]
        self.cover = Cover()
        self.toc: list[TocEntry] = []
        self.masthead: list[Line] = []
        self.unplaced: list[Line] = []
        self.texts: dict[int, str] = {}  # the cover's own wording of a title listed alone

    def parse(self, lines: list[Line]) -> Cover:
        group: str | None = None
        for line in lines:
            text = squeeze(line.text)
            if not text or self._metadata(line, text) or CONTENTS_HEADING.match(text):
                continue
            entries, prefix = self._entries(line)
            if entries:
                group = prefix or group
                self.toc.extend(
                    TocEntry(line.no, group, i, self.texts.get(i, self.titles[i])) for i in entries
                )
            elif GROUP_MARK.match(line.text) or (self.toc and width(text) <= GROUP_WIDTH):
                group = group_name(text) or group
            elif self.toc:
                self.unplaced.append(line)
            else:
                self.masthead.append(line)
        return self.cover

    def _metadata(self, line: Line, text: str) -> bool:
        cover, found = self.cover, False
        if (match := ISSUE_NUMBER.search(TOTAL.sub("", text))) and cover.number is None:
            cover.number, found = int(match["number"]), True
            cover.field_lines["number"] = line.no
            if match["year"]:
                cover.year = int(match["year"])
                cover.field_lines["year"] = line.no
        if (match := TOTAL.search(text)) and cover.total is None:
            cover.total, found = int(match["total"]), True
        rest = ISSUE_NUMBER.sub("", TOTAL.sub("", text))
        date, date_text, _span = find_date(rest)
        if date_text and cover.date is None:
            found = True
            cover.field_lines["date"] = line.no
            cover.date = date
            if date is None:
                message = _("date {date} is not a valid date", date=date_text)
                cover.review.append(ReviewItem(line.no, message))
        if found:
            return True
        match = PUBLISHER.match(text) or PUBLISHER_AFTER.match(text)
        if match and cover.publisher is None:
            cover.publisher = match["name"].strip()
            cover.field_lines["publisher"] = line.no
            return True
        return False

    def _entries(self, line: Line) -> tuple[list[int], str | None]:
        """Articles listed on this line (in order) and the group name printed before them."""
        page = PAGE.search(line.text)
        body = line.text[: page.start()] if page else line.text
        line_key = key(body)
        found: list[tuple[int, int]] = []
        taken = [False] * len(line_key)
        for i in sorted(range(len(self.keys)), key=lambda i: -len(self.keys[i])):
            k = self.keys[i]
            pos = line_key.find(k) if len(k) >= MIN_TITLE_KEY else -1
            if pos >= 0 and not any(taken[pos : pos + len(k)]):
                taken[pos : pos + len(k)] = [True] * len(k)
                found.append((pos, i))
        if found:
            found.sort()
            prefix = line_key[: found[0][0]]
            if len(found) == 1 and not prefix:
                self.texts[found[0][1]] = group_name(body, keep_spaces=True)
            return [i for _, i in found], prefix if len(prefix) >= 2 else None
        if page or ENTRY_MARK.match(line.text):
            fuzzy = self._fuzzy(line_key)
            if fuzzy is not None:
                self.cover.review.append(
                    ReviewItem(
                        line.no,
                        _(
                            "the cover lists “{listed}”, taken as “{title}” (the titles differ)",
                            listed=squeeze(body).lstrip(">▶► "),
                            title=self.titles[fuzzy],
                        ),
                    )
                )
                return [fuzzy], None
            message = _("cover contents line matches no article")
            self.cover.review.append(ReviewItem(line.no, message))
            return [], None
        return [], None

    def _fuzzy(self, line_key: str) -> int | None:
        """The article whose title is most like this contents line (or starts with it: the
        cover may shorten a long title)."""
        if len(line_key) >= MIN_SHORTENED:
            starting = [i for i, k in enumerate(self.keys) if k.startswith(line_key)]
            if len(starting) == 1:
                return starting[0]
        best, best_ratio = None, FUZZY
        for i, k in enumerate(self.keys):
            ratio = difflib.SequenceMatcher(None, line_key, k, autojunk=False).ratio()
            if ratio >= best_ratio:
                best, best_ratio = i, ratio
        return best


def group_name(text: str, *, keep_spaces: bool = False) -> str:
    """A contents line without its bullet and bracket marks (and spaces)."""
    text = MARKS.sub("" if not keep_spaces else " ", text)
    return squeeze(text) if keep_spaces else re.sub(r"\s+", "", text)


def guess_date(dates: list[dt.date]) -> dt.date | None:
    """The issue date guessed from its articles' dates: the latest."""
    return max(dates) if dates else None
