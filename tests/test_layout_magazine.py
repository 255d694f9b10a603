"""The second built-in layout, ``magazine``: the seed issue, a copy of it with what only the
magazine shows (a cover picture, summaries, a pull quote, a cover note) and the stress
issue, each built once per module with ``--layout magazine`` and checked on the PDF."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "2023-17"
STRESS = ROOT / "tests" / "data" / "stress"

SUMMARIES = {
    "01-guowuyuan": "国务院第三次专题学习：以数字技术推动实体经济转型升级。",
    "25-tongjiju": "网络经济指数增长近四成，数字经济成为增长的新引擎。",
}
PULL_QUOTE = "跨境电商企业已经进入“布局全球”的关键时期。"


def _build(source: Path, out: Path, *extra: str) -> dict[str, Any]:
    """Build ``source`` in the magazine layout with a page map; the CLI's output and map."""
    report = out.with_suffix(".json")
    result = run_cli(
        "build",
        str(source),
        "--layout",
        "magazine",
        "-o",
        str(out),
        "--report",
        str(report),
        *extra,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    data["stdout"] = result.stdout
    return data


def _texts(pdf: Path) -> list[str]:
    """Each page's text, its lines without spaces (pdfplumber spaces letter-spaced text)."""
    with pdfplumber.open(pdf) as document:
        texts = [page.extract_text() or "" for page in document.pages]
    return ["\n".join(re.sub(r"\s+", "", line) for line in text.splitlines()) for text in texts]


def _feature_issue(folder: Path) -> Path:
    """The seed with a cover picture and note, two summaries and a pull quote."""
    from PIL import Image, ImageDraw

    issue = folder / "2023-17"
    shutil.copytree(SEED, issue)
    picture = Image.new("RGB", (1400, 1440), (40, 90, 140))
    draw = ImageDraw.Draw(picture)
    for i in range(9):
        draw.rectangle(
            [80 + i * 140, 700 - i * 50, 180 + i * 140, 1440], fill=(20 + i * 10, 40, 60)
        )
    picture.save(issue / "images" / "cover.jpg", quality=85)
    yaml_text = (issue / "issue.yaml").read_text(encoding="utf-8")
    cover = (
        "cover:\n  image: images/cover.jpg\n  caption: 浦东新区的物流园区\n"
        "  note:\n    title: 卷首语\n    text: 数字经济与实体经济的深度融合，是本期的主线。\n"
        "sections:\n"
    )
    (issue / "issue.yaml").write_text(yaml_text.replace("sections:\n", cover, 1), encoding="utf-8")
    for name, summary in SUMMARIES.items():
        path = issue / "articles" / f"{name}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\n---\n", f"\nsummary: {summary}\n---\n", 1), "utf-8")
    path = issue / "articles" / "42-buju-quanqiu.md"
    parts = path.read_text(encoding="utf-8").split("\n\n")
    parts.insert(4, f"> [!pull]\n> {PULL_QUOTE}")
    path.write_text("\n\n".join(parts), encoding="utf-8")
    return issue


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The seed issue, built and proofed by the CLI: ``build --layout magazine --proof``."""
    out = tmp_path_factory.mktemp("magazine") / "seed.pdf"
    data = _build(SEED, out, "--proof")
    data["pdf"] = out
    data["texts"] = _texts(out)
    return data


@pytest.fixture(scope="module")
def feature(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("magazine-feature")
    issue = _feature_issue(folder)
    out = folder / "feature.pdf"
    data = _build(issue, out)
    data["pdf"] = out
    data["issue"] = issue
    data["texts"] = _texts(out)
    return data


def test_seed_builds_and_proofs_clean(seed: dict[str, Any]) -> None:
    assert "no faults" in seed["stdout"], seed["stdout"]
    assert 16 <= seed["pages"] <= 28, seed["pages"]  # the newsletter sets it on 19


def test_cover_is_page_one_and_the_contents_page_two(seed: dict[str, Any]) -> None:
    texts = seed["texts"]
    assert "电子商务动态" in texts[0] and "2023年第17期（总294期）" in texts[0]
    assert "本期要目" in texts[0]
    assert "目录" in texts[1] and "目录" not in texts[0]
    body_start = min(a["first_page"] for a in seed["articles"])
    assert body_start == 3


def test_contents_give_real_page_numbers(seed: dict[str, Any]) -> None:
    """Every listed title on page 2, its line ending with the page the article starts on."""
    lines = seed["texts"][1].splitlines()
    listed = [a for a in seed["articles"] if _listed(a["file"])]
    assert len(listed) == 14
    for article in listed:
        title = re.sub(r"\s+", "", article["title"])
        found = [line for line in lines if title in line]
        assert found, f"{title} not on page 2"
        assert found[0].endswith(str(article["first_page"])), (found[0], article["first_page"])


def _listed(file: str) -> bool:
    return "toc: false" not in (SEED / file).read_text(encoding="utf-8")


def test_fonts_embedded_and_subset(seed: dict[str, Any]) -> None:
    result = subprocess.run(["pdffonts", str(seed["pdf"])], capture_output=True, text=True)
    rows = result.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        name, *rest = row.split()
        assert re.match(r"^[A-Z]{6}\+", name), row
        assert rest[-5:-3] == ["yes", "yes"], f"not embedded and subset: {row}"
    names = " ".join(row.split()[0] for row in rows) + " "
    for family in ("+Noto-Serif-CJK-SC-Bold ", "+Noto-Sans-CJK-SC-Bold ", "+Noto-Serif-CJK-SC "):
        assert family in names, names


def test_colophon_on_the_last_page(seed: dict[str, Any]) -> None:
    last = seed["texts"][-1]
    assert "编辑部地址" not in last  # the magazine's own colophon, not the newsletter's
    assert "地址：中山南路1088号南浦大厦四楼" in last and "邮编：200011" in last


def test_summaries_under_their_titles_in_the_contents(feature: dict[str, Any]) -> None:
    page2 = feature["texts"][1].splitlines()
    for summary in SUMMARIES.values():
        assert re.sub(r"\s+", "", summary) in page2
    at = page2.index(re.sub(r"\s+", "", SUMMARIES["01-guowuyuan"]))
    assert page2[at - 1].endswith("国务院：促进数字技术与实体经济深度融合3")
    assert "卷首语" in feature["texts"][1]


def test_pull_quote_printed_large(feature: dict[str, Any]) -> None:
    wanted = re.sub(r"\s+", "", PULL_QUOTE)
    with pdfplumber.open(feature["pdf"]) as document:
        for page in document.pages:
            large = "".join(c["text"] for c in page.chars if c["size"] > 13 and c["size"] < 15)
            if wanted[:10] in large:
                return
    raise AssertionError("the pull quote is not set large on any page")


def test_feature_proof_clean(feature: dict[str, Any]) -> None:
    """The full-bleed cover picture lies outside the body's text area by design: the proof
    knows a cover's bleeding picture and reports nothing on the whole issue."""
    from typesetter.pipeline import proof_pdf

    report = proof_pdf(feature["pdf"], feature["issue"])
    assert report.faults == [], report.faults


def test_stress_builds_and_proofs_clean(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The stress issue in the magazine proofs clean, the line ``한국|어。符号：①  ②  ③  、``
    (in a column 25 characters wide, 어 from the fallback font) read whole: it starts with
    어 and ends with 、, as clreq wants."""
    from typesetter.pipeline import proof_pdf

    out = tmp_path_factory.mktemp("magazine-stress") / "stress.pdf"
    data = _build(STRESS, out)
    assert 4 <= data["pages"] <= 7
    report = proof_pdf(out, STRESS)
    assert report.faults == [], report.faults
    with pdfplumber.open(out) as document:
        text = "".join(page.extract_text() or "" for page in document.pages)
    assert "어。符号：" in re.sub(r"\s+", "", text)


# --- pull quotes, summaries and --layout, without a build ------------------------------


def _body(source: str) -> tuple[str, list[str]]:
    from typesetter.markdown import render_body

    html, problems = render_body(
        source, display_path="a.md", first_line=5, issue_dir=ROOT, anchor="a"
    )
    return html, [str(problem) for problem in problems]


@pytest.mark.parametrize(
    "source",
    ["> [!pull]\n> 一句话。\n\n正文。", "> [!PULL] 一句话。\n\n正文。"],
)
def test_pull_quote_marked_and_marker_dropped(source: str) -> None:
    html, problems = _body(source)
    assert problems == []
    assert html.startswith('<blockquote class="pull-quote">\n<p>一句话。</p>')
    assert "[!pull]" not in html.lower()


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("> [!pull]\n\n正文。", "a.md:5: pull quote '[!pull]' has no text"),
        ("> [!pull]\n> 一。\n>\n> 二。", "a.md:5: a pull quote holds one paragraph of text"),
        (
            "- 列表\n\n  > [!pull]\n  > 一句。",
            "a.md:7: a pull quote must stand at the top level of the body",
        ),
        (
            "> [!pull]\n> " + "长" * 90,
            "a.md:5: warning: pull quote of 90 characters: it is set large, 80 at most read well",
        ),
    ],
)
def test_pull_quote_problems(source: str, message: str) -> None:
    _, problems = _body(source)
    assert len(problems) == 1 and problems[0].startswith(message), problems


def test_ordinary_block_quote_unchanged() -> None:
    html, problems = _body("> 引文。\n")
    assert problems == [] and html.startswith("<blockquote>\n<p>引文。</p>")


def test_summary_is_strict_text(make_issue: Any) -> None:
    folder = make_issue(articles={"01": {"title": "标题", "summary": 12, "body": "正文。"}})
    result = run_cli("check", str(folder))
    assert result.returncode == 1
    assert "summary" in result.stderr and "articles/01.md:" in result.stderr, result.stderr


def test_layout_option_on_check(make_issue: Any) -> None:
    folder = make_issue(articles={"01": {"title": "标题", "summary": "一行。", "body": "正文。"}})
    assert run_cli("check", str(folder), "--layout", "magazine").returncode == 0
    result = run_cli("check", str(folder), "--layout", "magasine")
    assert result.returncode == 1
    assert "unknown layout 'magasine'" in result.stderr and "magazine" in result.stderr
