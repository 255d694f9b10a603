"""The page map (``build --map``, ``build --report``) and proofs of some articles
(``build --only``), on the seed issue content/2023-17.

Two builds for the module: the whole seed issue, and a proof of two of its articles, each
made once for all xdist workers (a lock file in their shared temporary folder).
"""

from __future__ import annotations

import dataclasses
import fcntl
import itertools
import json
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest
from conftest import ROOT, run_cli

from typesetter.content import load_issue
from typesetter.errors import UsageError
from typesetter.model import Issue
from typesetter.pagemap import ArticlePages, PageMap
from typesetter.pipeline import select_articles
from typesetter.weasy import LaidOut, Placed

SEED = ROOT / "content" / "2023-17"
CHOSEN = ("articles/03-shangwubu-shuzi-fuwu.md", "articles/46-dianshang-zhibo.md")
MAP_LINE = re.compile(r"^(\S+\.md) → 第(\d+)(?:–(\d+))?页  (.+)$")


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _page_texts(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [_norm(page.extract_text() or "") for page in document.pages]


@dataclass
class Build:
    pdf: Path
    stdout: str
    stderr: str
    report: dict[str, Any]
    pages: list[str]


def _once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Build]) -> Build:
    """``make(folder)`` once for the test run: with xdist, the first worker builds and
    the others read what it saved."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make(factory.mktemp(name))
    folder = factory.getbasetemp().parent / name
    saved = folder / "build.json"
    with (factory.getbasetemp().parent / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if saved.is_file():
            data = json.loads(saved.read_text(encoding="utf-8"))
            return Build(**{**data, "pdf": Path(data["pdf"])})
        folder.mkdir()
        build = make(folder)
        data = {**dataclasses.asdict(build), "pdf": str(build.pdf)}
        saved.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return build


@pytest.fixture(scope="module")
def seed_issue() -> Issue:
    issue, _ = load_issue(SEED, display_dir="content/2023-17")
    return issue


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return _once(tmp_path_factory, "pagemap-seed", _build_whole)


def _build_whole(out: Path) -> Build:
    pdf, report = out / "seed.pdf", out / "seed.json"
    done = run_cli("build", "content/2023-17", "-o", str(pdf), "--map", "--report", str(report))
    assert done.returncode == 0, done.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    return Build(pdf, done.stdout, done.stderr, data, _page_texts(pdf))


@pytest.fixture(scope="module")
def proof(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return _once(tmp_path_factory, "pagemap-proof", _build_proof)


def _build_proof(cwd: Path) -> Build:
    """``--only``: one article as issue.yaml lists it, one as a path from the current folder;
    the default output name."""
    report = cwd / "proof.json"
    done = run_cli(
        "build",
        str(SEED),
        "--only",
        CHOSEN[1],
        "--only",
        str(SEED / CHOSEN[0]),
        "--map",
        "--report",
        str(report),
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    pdf = cwd / "out" / "2023-17.proof.pdf"
    data = json.loads(report.read_text(encoding="utf-8"))
    return Build(pdf, done.stdout, done.stderr, data, _page_texts(pdf))


# --- build --map, build --report: the whole issue ----------------------------------------


def _map_lines(stdout: str) -> list[tuple[str, int, int, str]]:
    lines = []
    for line in stdout.splitlines():
        match = MAP_LINE.match(line)
        if match:
            first = int(match[2])
            lines.append((match[1], first, int(match[3] or first), match[4]))
    return lines


def test_map_lists_every_article_in_print_order(whole: Build, seed_issue: Issue) -> None:
    lines = _map_lines(whole.stdout)
    files = [a.path.relative_to(seed_issue.dir).as_posix() for a in seed_issue.articles()]
    assert [line[0] for line in lines] == files
    assert [line[3] for line in lines] == [a.meta.title for a in seed_issue.articles()]
    assert "articles/01-guowuyuan.md → 第2页  国务院：促进数字技术与实体经济深度融合" in (
        whole.stdout.splitlines()
    )
    assert whole.stdout.splitlines()[-1].startswith(f"{whole.pdf}: {len(whole.pages)} pages (")


def test_first_pages_are_the_toc_numbers(whole: Build, seed_issue: Issue) -> None:
    from typesetter.proof.issue import read_toc
    from typesetter.proof.layout import analyse
    from typesetter.proof.pdfchars import read_pages

    listed = [a.meta.title for a in seed_issue.articles() if a.meta.toc]
    cover = itertools.islice(read_pages(whole.pdf), 2)  # the TOC is on the cover
    toc, missing = read_toc(analyse(cover), listed)
    assert not missing and len(toc) == len(listed) > 5
    first = {title: first for _, first, _, title in _map_lines(whole.stdout)}
    assert {entry.title: entry.printed_page for entry in toc} == {t: first[t] for t in listed}


def test_last_pages(whole: Build, seed_issue: Issue) -> None:
    """Each article ends on its last page: its source line is printed there."""
    lines = {file: (first, last) for file, first, last, _ in _map_lines(whole.stdout)}
    spans = 0
    for article in seed_issue.articles():
        first, last = lines[article.path.relative_to(seed_issue.dir).as_posix()]
        assert 2 <= first <= last <= len(whole.pages)
        assert _norm(article.meta.title)[:12] in whole.pages[first - 1]
        if article.source_text:
            assert _norm(article.source_text) in whole.pages[last - 1], article.display_path
        spans += last > first
    assert spans >= 3, "some articles run on to the next page"


def test_report_holds_the_map_and_the_warnings(whole: Build) -> None:
    report = whole.report
    assert report["format"] == 1
    assert report["issue"] == "content/2023-17"
    assert report["output"] == str(whole.pdf)
    assert report["pages"] == len(whole.pages)
    assert report["proof_of"] is None
    from_map = [
        (a["file"], a["first_page"], a["last_page"], a["title"]) for a in report["articles"]
    ]
    assert from_map == _map_lines(whole.stdout)
    assert report["articles"][0] == {
        "file": "articles/01-guowuyuan.md",
        "section": "行业资讯",
        "title": "国务院：促进数字技术与实体经济深度融合",
        "anchor": "a-01-guowuyuan",
        "first_page": 2,
        "last_page": 2,
    }
    assert report["articles"][-1]["section"] == "悦读电商"
    printed = [line for line in whole.stderr.splitlines() if line]
    assert [w["text"] for w in report["warnings"]] == printed
    for warning in report["warnings"]:
        assert set(warning) == {"path", "line", "severity", "message", "hint", "text"}


# --- build --only: a proof of some articles ----------------------------------------------


def test_proof_holds_only_the_chosen_articles(proof: Build, seed_issue: Issue) -> None:
    text = "".join(proof.pages)
    chosen = [
        a for a in seed_issue.articles() if a.path.relative_to(seed_issue.dir).as_posix() in CHOSEN
    ]
    assert len(chosen) == 2
    for article in chosen:
        assert _norm(article.meta.title) in text
        body_start = _norm(re.sub(r"[*_#>\[\]`]", "", article.body))[:20]
        assert body_start in text
    others = [a for a in seed_issue.articles() if a not in chosen]
    assert not [a.meta.title for a in others if _norm(a.meta.title) in text]
    assert text.count("目录") == 1  # in the banner only: no TOC
    assert "主办单位" not in text and "编辑部地址" not in text  # no cover foot, no colophon
    assert proof.pages[0].startswith(
        _norm("校样 · 电子商务动态 · 2023年第17期（总294期） · 仅含所选文章")
    )
    assert _norm("校样 · 仅含所选文章（2篇）") in proof.pages[0]


def test_proof_is_marked_in_the_title(proof: Build) -> None:
    title = pypdf.PdfReader(proof.pdf).metadata.title
    assert title == "校样 · 电子商务动态 2023年第17期（总294期）（仅含所选文章）"


def test_proof_map_and_report(proof: Build) -> None:
    lines = _map_lines(proof.stdout)
    assert [line[0] for line in lines] == list(CHOSEN)  # print order, not the order given
    assert lines[0][1] == 1
    assert proof.report["proof_of"] == list(CHOSEN)
    assert proof.report["output"] == "out/2023-17.proof.pdf"
    assert proof.stdout.splitlines()[-1].startswith("out/2023-17.proof.pdf: ")
    assert proof.stdout.splitlines()[-1].endswith(", a proof of 2 articles (--only)")


# --- usage errors (nothing is built) -------------------------------------------------------


def test_unknown_article_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli(
        "build",
        "content/2023-17",
        "-o",
        str(tmp_path / "x.pdf"),
        "--only",
        "articles/03.md",
        "--only",
        "articles/nothing-like-it.md",
    )
    assert done.returncode == 2
    error = " ".join(done.stderr.split())
    assert (
        "Invalid value for --only: 'articles/03.md' is not an article of content/2023-17 "
        "(did you mean articles/03-shangwubu-shuzi-fuwu.md?); 'articles/nothing-like-it.md' "
        "is not an article of content/2023-17 (the issue's articles: articles/01-guowuyuan.md, "
        "articles/02-shangwubu-dianshang.md, "
    ) in error
    assert error.endswith("articles/47-dianshang-yunying.md)")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("report", "message"),
    [
        ("{tmp}/x.pdf", "{tmp}/x.pdf is the PDF the build writes (name another file)"),
        (
            "content/2023-17/map.json",
            "content/2023-17/map.json is inside the issue folder content/2023-17 "
            "(the build reads that folder: write elsewhere)",
        ),
        ("{tmp}", "{tmp} is a folder, not a regular file (name the file to write, e.g. "),
    ],
)
def test_report_path_is_refused(tmp_path: Path, report: str, message: str) -> None:
    pdf = tmp_path / "x.pdf"
    done = run_cli(
        "build", "content/2023-17", "-o", str(pdf), "--report", report.format(tmp=tmp_path)
    )
    assert done.returncode == 2
    assert f"Invalid value for --report: {message.format(tmp=tmp_path)}" in " ".join(
        done.stderr.split()
    )
    assert not pdf.exists()


# --- the parts, in process -------------------------------------------------------------------


def test_select_articles_accepts_each_way_of_naming_a_file(
    seed_issue: Issue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    chosen = select_articles(
        seed_issue,
        [
            "articles/24-tianjin.md",
            "./articles/01-guowuyuan.md",
            "content/2023-17/articles/46-dianshang-zhibo.md",
            str(SEED / "articles" / "24-tianjin.md"),  # twice: once in the proof
        ],
    )
    assert [s.title for s in chosen.sections] == ["行业资讯", "政策法规", "悦读电商"]
    assert [a.anchor for a in chosen.articles()] == [
        "a-01-guowuyuan",
        "a-24-tianjin",
        "a-46-dianshang-zhibo",
    ]
    assert sum(1 for _ in seed_issue.articles()) == 47, "the issue itself is left as it was"


def test_select_articles_names_the_closest_file(seed_issue: Issue) -> None:
    with pytest.raises(UsageError) as raised:
        select_articles(seed_issue, ["articles/01-guowuyun.md"])
    (problem,) = raised.value.problems
    assert problem.path == "--only"
    assert problem.message == "'articles/01-guowuyun.md' is not an article of content/2023-17"
    assert problem.hint is not None
    assert problem.hint.startswith(
        "did you mean articles/01-guowuyuan.md? the issue's articles: articles/01-guowuyuan.md, "
    )


def _box(page: int, article: str, *, margin: bool = False) -> Placed:
    return Placed(page, "text", -1, margin, article, 0, 0, 1, 1, 0, 1, 1)


def test_last_pages_of_the_laid_out_boxes() -> None:
    laid_out = LaidOut(
        boxes=[
            _box(2, "a-1"),
            _box(3, "a-1"),
            _box(3, "a-2"),
            _box(4, "a-2", margin=True),  # a running header names no page of the article
            _box(4, ""),
        ],
        anchors={"a-1": 2, "a-2": 3},
    )
    assert laid_out.last_pages() == {"a-1": 3, "a-2": 3}


def test_page_map_texts(seed_issue: Issue) -> None:
    page_map = PageMap.read(
        seed_issue, {"a-01-guowuyuan": 2, "a-02-shangwubu-dianshang": 2}, {"a-01-guowuyuan": 3}
    )
    first, second, third = list(page_map)[:3]
    assert first == ArticlePages(
        "articles/01-guowuyuan.md",
        "国务院：促进数字技术与实体经济深度融合",
        "行业资讯",
        "a-01-guowuyuan",
        2,
        3,
    )
    assert first.pages_text == "第2–3页"
    assert second.pages_text == "第2页"  # no box read: the first page
    assert (third.first, third.last, third.pages_text) == (None, None, "未排入")
    assert page_map.lines()[0] == (
        "articles/01-guowuyuan.md → 第2–3页  国务院：促进数字技术与实体经济深度融合"
    )
