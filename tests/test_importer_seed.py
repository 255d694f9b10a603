"""Importing the seed issue text, compared with the hand-made content/2023-17.

The figures (titles, boundaries, sections, cover selection, Han characters) are printed;
run ``pytest tests/test_importer_seed.py -s`` to see them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from typesetter.importer import ImportResult, import_text
from typesetter.importer.text import han

ROOT = Path(__file__).resolve().parents[1]
SEED_COPY = ROOT / "tests" / "data" / "seed-2023-17.txt"
SEED_SHARED = Path("/work/shared/seeds/000_702a40341f70cc14.txt")
SEED = SEED_COPY if SEED_COPY.exists() else SEED_SHARED
HAND_MADE = ROOT / "content" / "2023-17"
SECTION_HEADING = re.compile(r"^\s*【[^】]+】\s*$")
SOURCE_PART = re.compile(r"[（(]?来源\s*[:：].*$")
COLOPHON = "编辑部地址"


@dataclass
class Art:
    title: str
    front: dict[str, Any]
    body: str


def norm(text: str) -> str:
    """Compare form: no spaces, width-folded, quotes and corner brackets unified."""
    text = unicodedata.normalize("NFKC", re.sub(r"\s+", "", text))
    return re.sub('[“”„"]', '"', text)


def read_issue(issue_dir: Path) -> tuple[dict[str, Any], list[tuple[dict[str, Any], list[Art]]]]:
    issue = yaml.safe_load((issue_dir / "issue.yaml").read_text(encoding="utf-8"))
    sections = []
    for section in issue["sections"]:
        arts = []
        for name in section["articles"]:
            text = (issue_dir / name).read_text(encoding="utf-8")
            _, front_text, body = text.split("---\n", 2)
            front = yaml.safe_load(front_text)
            arts.append(Art(front["title"], front, body))
        sections.append((section, arts))
    return issue, sections


def seed_article_han(seed: Path) -> str:
    """The Han characters of the seed's articles: the text between the first 【…】 heading
    and the colophon, without section headings and source lines."""
    lines = seed.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if SECTION_HEADING.match(line) and i > 27)
    end = next(i for i, line in enumerate(lines) if COLOPHON in line)
    kept = [
        SOURCE_PART.sub("", line) for line in lines[start:end] if not SECTION_HEADING.match(line)
    ]
    return han("".join(kept))


def imported_han(sections: list[tuple[dict[str, Any], list[Art]]]) -> str:
    parts = []
    for _, arts in sections:
        for art in arts:
            byline = (art.front.get("author") or "") + (art.front.get("affiliation") or "")
            parts.append(han(art.title) + han(art.body) + han(byline))
    return "".join(parts)


@pytest.fixture(scope="module")
def seed_import(tmp_path_factory: pytest.TempPathFactory) -> ImportResult:
    return import_text(SEED, tmp_path_factory.mktemp("seed") / "2023-17")


def test_seed_imports_without_error(seed_import: ImportResult) -> None:
    assert (seed_import.issue_dir / "issue.yaml").exists()
    assert (seed_import.issue_dir / "import-report.txt").exists()
    assert seed_import.articles == 47
    assert seed_import.sections == 5
    assert seed_import.on_toc == 14


def test_seed_import_is_valid_content(seed_import: ImportResult) -> None:
    from typesetter.content import load_issue

    issue, warnings = load_issue(seed_import.issue_dir)
    assert [s.title for s in issue.sections] == [
        "行业资讯",
        "政策法规",
        "数据观察",
        "专家视点",
        "悦读电商",
    ]
    assert warnings == []


def test_seed_han_characters_all_kept_in_order(seed_import: ImportResult) -> None:
    _, sections = read_issue(seed_import.issue_dir)
    seed, imported = seed_article_han(SEED), imported_han(sections)
    print(f"\nHan characters: seed articles {len(seed)}, imported {len(imported)}")
    assert imported == seed


def test_seed_matches_hand_made_issue(seed_import: ImportResult) -> None:
    hand_issue, hand = read_issue(HAND_MADE)
    ours_issue, ours = read_issue(seed_import.issue_dir)
    figures = compare(hand, ours)
    print("\n" + "\n".join(f"{k}: {v}" for k, v in figures.items()))
    assert figures["titles"] >= 0.95
    assert figures["boundaries"] >= 0.95
    assert figures["sections"] == 1.0
    assert figures["cover TOC selection equal"]
    for name in ("publication", "kicker", "year", "number", "total", "date", "publisher", "editor"):
        assert ours_issue.get(name) == hand_issue.get(name), name
    hand_colophon = {k: v for k, v in hand_issue["colophon"].items() if v is not None}
    assert ours_issue["colophon"] == hand_colophon


def compare(
    hand: list[tuple[dict[str, Any], list[Art]]], ours: list[tuple[dict[str, Any], list[Art]]]
) -> dict[str, Any]:
    hand_arts = [a for _, arts in hand for a in arts]
    our_arts = {norm(a.title): a for _, arts in ours for a in arts}
    titles = sum(norm(a.title) in our_arts for a in hand_arts)
    boundaries = sum(_same_span(a, our_arts.get(norm(a.title))) for a in hand_arts)
    sections = sum(
        _section_key(h) == _section_key(o) for h, o in zip(hand, ours, strict=False)
    ) / max(len(hand), len(ours))
    hand_toc = {norm(a.title) for a in hand_arts if a.front.get("toc", True)}
    our_toc = {t for t, a in our_arts.items() if a.front.get("toc", True)}
    fields = ("source", "editor", "date", "source_line", "author", "affiliation")
    front_equal = sum(
        all(a.front.get(f) == our_arts[norm(a.title)].front.get(f) for f in fields)
        for a in hand_arts
        if norm(a.title) in our_arts
    )
    return {
        "articles (hand-made, imported)": (len(hand_arts), len(our_arts)),
        "titles": round(titles / len(hand_arts), 3),
        "boundaries": round(boundaries / len(hand_arts), 3),
        "sections": round(sections, 3),
        "cover TOC selection equal": hand_toc == our_toc,
        "source/editor/date/byline fields equal": round(front_equal / len(hand_arts), 3),
    }


def _same_span(hand: Art, ours: Art | None) -> bool:
    """Same article boundaries: its text starts and ends with the same Han characters."""
    if ours is None:
        return False
    a, b = han(hand.body), han(ours.body)
    return a[:8] == b[:8] and a[-8:] == b[-8:]


def _section_key(section: tuple[dict[str, Any], list[Art]]) -> tuple[Any, ...]:
    fields, arts = section
    return (
        fields["title"],
        fields.get("toc_title"),
        fields.get("style", "articles"),
        tuple(norm(a.title) for a in arts),
    )


def test_seed_import_builds_without_manual_edits(seed_import: ImportResult, tmp_path: Path) -> None:
    from typesetter.pipeline import build_issue

    built = build_issue(seed_import.issue_dir, tmp_path / "seed.pdf")
    print(f"\nbuilt {built.pages} pages in {built.seconds:.1f} s, warnings: {len(built.warnings)}")
    assert built.output.read_bytes().startswith(b"%PDF")
    assert built.pages >= 10
    assert built.warnings == []
