"""The real issue content/2023-17 is complete and faithful to its seed text.

The seed (tests/data/seed-2023-17.txt) is the text extracted from the printed issue. After
the corrections listed in content/2023-17/corrections.yaml are applied to it, every article
file must hold exactly the Han characters of its seed article, in order, with the seed's
title, source and byline in its front matter. Standalone on purpose: it parses YAML and
front matter itself and imports nothing from the typesetter package.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
ISSUE = ROOT / "content" / "2023-17"
SEED = ROOT / "tests" / "data" / "seed-2023-17.txt"

HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
COVER_LAST_LINE = 28  # seed lines 1-28: kicker, issue line, masthead, contents, publisher
COVER_ENTRIES = 14  # titles listed in the seed's cover table of contents
SECTION_LINE = re.compile(r"^【(?P<title>[^】]+)】$")
SOURCE_MARK = "来源:"
SOURCE_LINE = re.compile(
    r"^来源:\s*(?P<source>.+?)\s*(?:编选:\s*(?P<editor>\S+)\s*)?"
    r"(?P<y>\d{4}) 年 (?P<m>\d\d) 月 (?P<d>\d\d) 日$"
)
BYLINE_LINE = re.compile(r"^\((?P<author>[^:()]+):(?P<affiliation>[^()]+)\)$")
COLOPHON_START = "编辑部地址:"
FRONT_MATTER_KEYS = {
    "title",
    "toc",
    "source",
    "editor",
    "date",
    "source_line",
    "author",
    "affiliation",
    "image",
}
HALF_TO_FULL = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？"})


def norm(text: str) -> str:
    """Compare form: no whitespace, punctuation full-width, every double quote as '"'."""
    text = re.sub(r"\s+", "", text).translate(HALF_TO_FULL)
    return re.sub("[“”]", '"', text)


def han(text: str) -> str:
    return "".join(HAN.findall(text))


def han_diff(seed: str, ours: str, context: int = 12) -> str:
    """Readable list of the spans where two character sequences differ."""
    out = []
    matcher = difflib.SequenceMatcher(a=seed, b=ours, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        before = seed[max(0, a0 - context) : a0]
        after = seed[a1 : a1 + context]
        out.append(f"  {op} at seed char {a0}: …{before}[{seed[a0:a1]} → {ours[b0:b1]}]{after}…")
    return "\n".join(out[:20]) + (f"\n  … {len(out) - 20} more" if len(out) > 20 else "")


@dataclass
class Article:
    path: str
    meta: dict[str, Any]
    body: str


@dataclass
class SeedArticle:
    title_line: int
    section: str
    body_lines: list[tuple[int, str]] = field(default_factory=list)
    source: re.Match[str] | None = None
    byline: re.Match[str] | None = None

    @property
    def body(self) -> str:
        return "\n".join(text for _, text in self.body_lines)


def read_article(path: Path) -> Article:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path}: no front matter"
    end = text.index("\n---\n", 4)
    meta = yaml.safe_load(text[4:end])
    assert isinstance(meta, dict), f"{path}: front matter is not a mapping"
    return Article(str(path.relative_to(ISSUE)), meta, text[end + 5 :])


@cache
def issue() -> dict[str, Any]:
    data = yaml.safe_load((ISSUE / "issue.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@cache
def articles() -> tuple[tuple[str, Article], ...]:
    """(section title, article) in issue order."""
    return tuple(
        (section["title"], read_article(ISSUE / path))
        for section in issue()["sections"]
        for path in section["articles"]
    )


@cache
def corrections() -> tuple[dict[str, Any], ...]:
    data = yaml.safe_load((ISSUE / "corrections.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, list)
    return tuple(data)


@cache
def seed_lines() -> tuple[str, ...]:
    """The seed's lines (index 0 = line 1) with corrections.yaml applied."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for fix in corrections():
        assert set(fix) == {"line", "before", "after"}, fix
        index = fix["line"] - 1
        assert fix["before"] in lines[index], (
            f"corrections.yaml: line {fix['line']} has no {fix['before']!r}: {lines[index]!r}"
        )
        lines[index] = lines[index].replace(fix["before"], fix["after"], 1)
    return tuple(lines)


def colophon_start() -> int:
    """0-based index of the editorial footer (编辑部地址…), which ends the seed."""
    lines = seed_lines()
    return next(i for i, line in enumerate(lines) if line.startswith(COLOPHON_START))


@cache
def split_seed() -> tuple[SeedArticle, ...]:
    """Cut the seed into articles at each article file's title, in issue order."""
    lines = seed_lines()
    end = colophon_start()
    starts: list[int] = []
    cursor = COVER_LAST_LINE
    for _, article in articles():
        wanted = norm(article.meta["title"])
        found = next((i for i in range(cursor, end) if norm(lines[i]) == wanted), None)
        assert found is not None, (
            f"{article.path}: title {article.meta['title']!r} not found in the seed after "
            f"line {cursor} (wrong title, or articles out of the seed's order)"
        )
        starts.append(found)
        cursor = found + 1
    result = []
    section = ""
    bounds = [*starts, end]
    for number in range(COVER_LAST_LINE, starts[0]):
        if match := SECTION_LINE.match(lines[number].strip()):
            section = match["title"]
    for first, stop in pairwise(bounds):
        seed_article = SeedArticle(first + 1, section)
        for i in range(first + 1, stop):
            text = lines[i].strip()
            if not text:
                continue
            if match := SECTION_LINE.match(text):
                section = match["title"]
                continue
            if SOURCE_MARK in text:
                before, _, after = text.partition(SOURCE_MARK)
                seed_article.source = SOURCE_LINE.match(SOURCE_MARK + after)
                assert seed_article.source, f"seed line {i + 1}: unreadable source line"
                text = before.strip()
                if not text:
                    continue
            elif match := BYLINE_LINE.match(text):
                seed_article.byline = match
                continue
            seed_article.body_lines.append((i + 1, text))
        result.append(seed_article)
    return tuple(result)


def pairs() -> list[tuple[str, Article, SeedArticle]]:
    return [
        (section, article, seed_article)
        for (section, article), seed_article in zip(articles(), split_seed(), strict=True)
    ]


def ids() -> list[str]:
    return [article.path for _, article in articles()]


# -- the issue as a whole ---------------------------------------------------------------


def test_issue_lists_every_article_file_exactly_once() -> None:
    listed = [article.path for _, article in articles()]
    on_disk = sorted(str(p.relative_to(ISSUE)) for p in (ISSUE / "articles").glob("*.md"))
    duplicates = sorted({p for p in listed if listed.count(p) > 1})
    assert not duplicates, f"listed more than once: {duplicates}"
    assert sorted(listed) == on_disk, (
        f"not listed: {sorted(set(on_disk) - set(listed))}, "
        f"missing files: {sorted(set(listed) - set(on_disk))}"
    )


def test_article_files_are_numbered_in_issue_order() -> None:
    names = [Path(article.path).name for _, article in articles()]
    expected = [f"{n:02d}-" for n in range(1, len(names) + 1)]
    wrong = [name for name, prefix in zip(names, expected, strict=True) if name[:3] != prefix]
    assert not wrong, f"out of order: {wrong}"


def test_sections_are_the_seeds_in_order() -> None:
    seed_sections = [
        match["title"]
        for line in seed_lines()[COVER_LAST_LINE:]
        if (match := SECTION_LINE.match(line.strip()))
    ]
    assert [s["title"] for s in issue()["sections"]] == seed_sections
    styles = {s["title"]: s.get("style", "articles") for s in issue()["sections"]}
    assert styles["悦读电商"] == "books"
    assert [k for k, v in styles.items() if v != "articles"] == ["悦读电商"]


def test_every_seed_article_is_in_its_section() -> None:
    wrong = [
        f"{article.path}: in {section}, the seed has it under {seed_article.section}"
        for section, article, seed_article in pairs()
        if section != seed_article.section
    ]
    assert not wrong, "\n".join(wrong)


def test_issue_metadata_matches_the_seed() -> None:
    lines = seed_lines()
    data = issue()
    assert lines[0].strip() == data["kicker"] == "行业资讯"
    assert lines[4].strip() == data["publication"] == "电子商务动态"
    issue_line = f"{data['year']}年第{data['number']}期(总{data['total']}期)"
    assert lines[2].startswith(issue_line), lines[2]
    date = data["date"]
    assert isinstance(date, dt.date)
    assert f"{date.year}年{date.month}月{date.day}日" in lines[2]
    publisher = lines[25].removeprefix("主办单位")
    assert norm(publisher) == norm(data["publisher"])
    assert data["editor"] == "《电子商务动态》编辑部"


def test_colophon_matches_the_seeds_editorial_footer() -> None:
    footer = norm("".join(seed_lines()[colophon_start() :]))
    colophon = issue()["colophon"]
    expected = (
        f"编辑部地址：{colophon['address']}邮政编码：{colophon['postcode']}"
        f"{colophon['office']}电话：{colophon['phone']}"
    )
    assert footer == norm(expected)
    assert colophon.get("email") is None
    assert all(isinstance(colophon[key], str) for key in ("postcode", "phone"))


def test_toc_selection_is_the_covers_list() -> None:
    cover = norm("".join(seed_lines()[:COVER_LAST_LINE]))
    on_cover = [a.path for _, a in articles() if norm(a.meta["title"]) in cover]
    in_toc = [a.path for _, a in articles() if a.meta.get("toc", True)]
    assert len(on_cover) == COVER_ENTRIES, on_cover
    assert in_toc == on_cover, (
        f"toc but not on the cover: {sorted(set(in_toc) - set(on_cover))}; "
        f"on the cover but toc: false: {sorted(set(on_cover) - set(in_toc))}"
    )


def test_corrections_are_character_fixes() -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for fix in corrections():
        assert fix["before"] != fix["after"]
        assert lines[fix["line"] - 1].count(fix["before"]) == 1, fix
        # A correction substitutes characters; spaces and punctuation width are cleaning.
        assert norm(fix["before"]) != norm(fix["after"]), fix


# -- each article -----------------------------------------------------------------------


@pytest.mark.parametrize("index", range(len(articles())), ids=ids())
def test_article_han_characters_equal_the_seed(index: int) -> None:
    _, article, seed_article = pairs()[index]
    expected = han(seed_article.body)
    actual = han(article.body)
    assert actual == expected, (
        f"{article.path} (seed lines {seed_article.title_line}-"
        f"{seed_article.body_lines[-1][0]}): Han characters differ "
        f"({len(actual)} here, {len(expected)} in the seed)\n{han_diff(expected, actual)}"
    )


@pytest.mark.parametrize("index", range(len(articles())), ids=ids())
def test_article_text_equals_the_seed_up_to_cleaning(index: int) -> None:
    """Every character, not only Han: only spaces, punctuation width and quote form differ."""
    _, article, seed_article = pairs()[index]
    markup = re.compile(r"^(## |- )", re.MULTILINE)  # subheadings and list items
    expected = norm(markup.sub("", seed_article.body))
    actual = norm(markup.sub("", article.body))
    assert actual == expected, f"{article.path}: text differs\n{han_diff(expected, actual)}"


@pytest.mark.parametrize("index", range(len(articles())), ids=ids())
def test_article_front_matter_matches_the_seed(index: int) -> None:
    _, article, seed_article = pairs()[index]
    meta = article.meta
    assert set(meta) <= FRONT_MATTER_KEYS, f"unknown keys: {set(meta) - FRONT_MATTER_KEYS}"
    editor = issue()["editor"]
    source = seed_article.source
    if source is None:
        assert meta.get("source_line") is False, "the seed prints no source line here"
        assert "source" not in meta and "date" not in meta
    else:
        assert meta.get("source_line", True) is True
        assert meta.get("editor", editor) == (source["editor"] or editor)
        if source["editor"] is None:
            assert norm(source["source"]) == norm(editor)
            assert "source" not in meta, "the seed names the editor as the source"
        else:
            assert norm(meta["source"]) == norm(source["source"])
        seed_date = dt.date(int(source["y"]), int(source["m"]), int(source["d"]))
        assert meta.get("date") == seed_date
    byline = seed_article.byline
    assert meta.get("author") == (byline["author"] if byline else None)
    assert meta.get("affiliation") == (byline["affiliation"] if byline else None)


@pytest.mark.parametrize("index", range(len(articles())), ids=ids())
def test_article_body_is_cleaned(index: int) -> None:
    _, article, _ = pairs()[index]
    problems = []
    for number, line in enumerate(article.body.split("\n"), 1):
        checks = {
            "half-width punctuation by Han": rf"{HAN.pattern}[,:;()?!]|[,:;()?!]{HAN.pattern}",
            "straight quote": r'"',
            "space by Han": rf"{HAN.pattern}\s|\s{HAN.pattern}",
            "misread bracket": r"\|",
        }
        for what, pattern in checks.items():
            text = line.removeprefix("## ").removeprefix("- ")
            if re.search(pattern, text):
                problems.append(f"body line {number}: {what}: {line[:60]}")
        is_paragraph = line and not line.startswith("#")
        if is_paragraph and not re.search(r"[。！？”：；）…*]$", line):
            problems.append(f"body line {number}: paragraph ends mid-sentence: …{line[-30:]}")
    assert not problems, f"{article.path}:\n" + "\n".join(problems)


def test_book_covers_are_self_contained_svg_stand_ins() -> None:
    books = [a for section, a in articles() if section == "悦读电商"]
    assert len(books) == 2
    for book in books:
        image = ISSUE / book.meta["image"]
        assert image.parent == ISSUE / "images" and image.suffix == ".svg", image
        front = (ISSUE / book.path).read_text(encoding="utf-8").split("\n---\n")[0]
        assert "stand-in" in front, f"{book.path}: say in a comment the cover is a stand-in"
        svg = image.read_text(encoding="utf-8")
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert root.get("viewBox") == "0 0 300 400"
        assert "<script" not in svg and "href" not in svg and "url(" not in svg
        title = norm(book.meta["title"]).split("：")[-1]
        texts = ["".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")]
        assert title in texts, f"{image.name}: no {title!r} on the cover"
