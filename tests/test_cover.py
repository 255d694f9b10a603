"""The cover (issue 12): ``cover:`` in issue.yaml, a picture with its credit and/or a short
note (卷首语 / 编者按), placed under the contents, and a cover that looks finished without.

Small issues are built once each in this process (module-scoped) and page 1 is measured
with pdfplumber: the picture and the note on page 1, inside the text area and clear of
the publisher line; the contents' page numbers still right; the cover one page.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import yaml
from conftest import png_bytes, run_cli, write_issue

from typesetter.content import load_issue
from typesetter.errors import ContentError
from typesetter.model import Cover, CoverNote
from typesetter.pipeline import build_issue, check_issue

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
PT_PER_MM = 72 / 25.4
#: The newsletter's A4 page 1: the text area's sides and foot (margins 22/18/20 mm).
LEFT, RIGHT, FOOT = 22 * PT_PER_MM, (210 - 18) * PT_PER_MM, (297 - 20) * PT_PER_MM

NOTE = (
    "本期聚焦数字经济与电子商务的新进展。国务院专题学习强调加快发展数字经济，"
    "商务部提出五方面举措推动电子商务创新发展。\n\n"
    "我们希望这些材料能为读者了解政策走向、把握行业趋势提供参考，也欢迎读者来信交流。"
)
PICTURE = {"image": "images/cover.png", "credit": "摄影：张三", "caption": "上海外滩夜景"}
NOTE_ONLY = {"note": {"title": "卷首语", "text": NOTE, "author": "本刊编辑部"}}
BOTH = {
    "image": "images/cover.png",
    "credit": "摄影：李四",
    "note": {"title": "编者按", "text": NOTE},
}
CASES: dict[str, dict[str, Any] | None] = {
    "none": None,
    "picture": PICTURE,
    "note": NOTE_ONLY,
    "both": BOTH,
}


def _build(folder: Path, out: Path) -> Path:
    build_issue(folder, out)
    return out


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("cover")
    built = {}
    for name, cover in CASES.items():
        folder = write_issue(
            root,
            issue={"cover": cover} if cover else None,
            images={"images/cover.png": png_bytes(1600, 1000)},
            name=name,
        )
        built[name] = _build(folder, root / f"{name}.pdf")
    # A5: less room; the picture shrinks so that the contents stay on page 1.
    folder = write_issue(
        root,
        issue={"cover": BOTH},
        images={"images/cover.png": png_bytes(1600, 1000)},
        name="a5",
    )
    build_issue(folder, root / "a5.pdf", page_size="A5")
    built["a5"] = root / "a5.pdf"
    # A 40-entry contents, with a picture and a note: the contents go on to page 2.
    long = root / "toc-40"
    shutil.copytree(DATA / "toc-40", long)
    (long / "images").mkdir(exist_ok=True)
    (long / "images" / "cover.png").write_bytes(png_bytes(1600, 1000))
    with (long / "issue.yaml").open("a", encoding="utf-8") as file:
        file.write(yaml.safe_dump({"cover": BOTH}, allow_unicode=True))
    built["toc-40"] = _build(long, root / "toc-40.pdf")
    built["toc-40-plain"] = _build(DATA / "toc-40", root / "toc-40-plain.pdf")
    return built


def _words(pdf: Path, page: int = 0) -> list[dict[str, Any]]:
    with pdfplumber.open(pdf) as doc:
        return list(doc.pages[page].extract_words())


def _text(pdf: Path, page: int = 0) -> str:
    with pdfplumber.open(pdf) as doc:
        return re.sub(r"\s+", "", doc.pages[page].extract_text() or "")


def _images(pdf: Path, page: int = 0) -> list[dict[str, Any]]:
    with pdfplumber.open(pdf) as doc:
        return list(doc.pages[page].images)


def _publisher_top(pdf: Path) -> float:
    """The top of the publisher line at the foot of page 1 (its rule is drawn above it)."""
    words = [w for w in _words(pdf) if w["text"].startswith("主办单位")]
    assert words, "no publisher line on page 1"
    return float(words[0]["top"])


def _toc_numbers(pdf: Path, page: int = 0) -> list[str]:
    return [w["text"] for w in _words(pdf, page) if re.fullmatch(r"\d+", w["text"])]


@pytest.mark.parametrize("name", ["picture", "both", "toc-40"])
def test_the_picture_is_on_page_1_inside_the_text_area(pdfs: dict[str, Path], name: str) -> None:
    images = _images(pdfs[name])
    assert len(images) == 1, f"{name}: pictures on page 1: {images}"
    image = images[0]
    assert image["x0"] >= LEFT - 0.5 and image["x1"] <= RIGHT + 0.5, image
    assert image["bottom"] <= FOOT + 0.5 < _publisher_top(pdfs[name]), image
    assert image["height"] >= 40 * PT_PER_MM, "the picture is too small to see"
    assert image["width"] / image["height"] == pytest.approx(1.6, rel=0.01)  # not distorted


@pytest.mark.parametrize("name", ["picture", "note", "both", "toc-40"])
def test_the_cover_text_is_on_page_1_clear_of_the_publisher_line(
    pdfs: dict[str, Path], name: str
) -> None:
    text = _text(pdfs[name])
    cover = CASES.get(name) or BOTH
    for expected in filter(None, [cover.get("credit"), cover.get("caption")]):
        assert expected in text, f"{name}: {expected} not on page 1"
    note = cover.get("note")
    if note:
        assert note["title"] in text
        for paragraph in NOTE.split("\n\n"):
            assert paragraph in text, f"{name}: the note is not whole on page 1"
        if note.get("author"):
            assert note["author"] in text
    publisher = _publisher_top(pdfs[name])
    above = [w for w in _words(pdfs[name]) if not w["text"].startswith("主办单位")]
    assert max(w["bottom"] for w in above) <= min(FOOT + 0.5, publisher), "text over the foot"


@pytest.mark.parametrize("name", ["none", "picture", "note", "both"])
def test_a_short_contents_keeps_the_cover_one_page_and_its_numbers(
    pdfs: dict[str, Path], name: str
) -> None:
    with pdfplumber.open(pdfs[name]) as doc:
        assert len(doc.pages) == 2, f"{name}: {len(doc.pages)} pages"
        second = re.sub(r"\s+", "", doc.pages[1].extract_text() or "")
    assert _toc_numbers(pdfs[name]) == ["2", "2"]
    assert "国务院：促进数字技术与实体经济深度融合" in second
    assert "商务部：将从五方面推动电子商务创新发展" in second
    assert not _images(pdfs[name], 1)


def test_on_a5_the_cover_with_both_stays_one_page(pdfs: dict[str, Path]) -> None:
    with pdfplumber.open(pdfs["a5"]) as doc:
        assert len(doc.pages) == 2
        page = doc.pages[0]
        (image,) = page.images
        text = re.sub(r"\s+", "", page.extract_text() or "")
        foot = page.height - 20 * PT_PER_MM
        assert image["x0"] >= 20 * PT_PER_MM - 0.5 and image["bottom"] <= foot + 0.5
    assert "编者按" in text and "摄影：李四" in text and "目录" in text
    assert _toc_numbers(pdfs["a5"]) == ["2", "2"]


def test_without_a_picture_or_note_the_contents_stand_lower(pdfs: dict[str, Path]) -> None:
    """The contents stand in the middle of the space under the issue line, not at its top
    with the lower part of the cover blank."""
    words = _words(pdfs["none"])
    issue_line = next(w for w in words if w["text"].startswith("2023年第17期"))["bottom"]
    publisher = _publisher_top(pdfs["none"])
    toc = [w for w in words if issue_line < w["top"] < publisher - 10]
    top, bottom = min(w["top"] for w in toc), max(w["bottom"] for w in toc)
    above, below = top - issue_line, publisher - bottom
    assert above > 60 * PT_PER_MM, "the contents stand at the top of a blank cover"
    assert 0.5 < above / below < 1.5, (above, below)


def test_with_a_note_the_contents_stand_lower_too(pdfs: dict[str, Path]) -> None:
    words = _words(pdfs["note"])
    issue_line = next(w for w in words if w["text"].startswith("2023年第17期"))["bottom"]
    title = next(w for w in words if w["text"] == "卷首语")["top"]
    toc = [w for w in words if issue_line < w["top"] < title]
    gap_above = min(w["top"] for w in toc) - issue_line
    gap_below = title - max(w["bottom"] for w in toc)
    assert gap_above > 30 * PT_PER_MM and 0.3 < gap_above / gap_below < 1.5


def test_a_long_contents_still_goes_on_to_page_2(pdfs: dict[str, Path]) -> None:
    plain, cover = pdfs["toc-40-plain"], pdfs["toc-40"]
    with pdfplumber.open(plain) as a, pdfplumber.open(cover) as b:
        assert len(a.pages) == len(b.pages)
    # Fewer entries on page 1 (the picture and note take its foot), the rest on page 2,
    # and every entry has its number; no picture on page 2.
    first, second = _toc_numbers(cover, 0), _toc_numbers(cover, 1)
    assert 3 <= len(first) < len(_toc_numbers(plain, 0))
    assert "目录" in _text(cover, 0) and second
    assert not _images(cover, 1)


def test_the_seed_issue_is_unchanged(tmp_path: Path) -> None:
    """content/2023-17 has no cover: still 19 pages, and proof finds no faults."""
    out = tmp_path / "seed.pdf"
    assert build_issue(ROOT / "content" / "2023-17", out).pages == 19
    result = run_cli("proof", str(out), "--issue", "content/2023-17")
    assert result.returncode == 0 and "no faults" in result.stdout, result.stdout


@pytest.mark.parametrize("cover", [BOTH, NOTE_ONLY], ids=["both", "note"])
def test_the_seed_issue_with_a_cover_proofs_clean(tmp_path: Path, cover: dict[str, Any]) -> None:
    folder = tmp_path / "2023-17"
    shutil.copytree(ROOT / "content" / "2023-17", folder)
    (folder / "images").mkdir(exist_ok=True)
    (folder / "images" / "cover.png").write_bytes(png_bytes(2000, 1250))
    with (folder / "issue.yaml").open("a", encoding="utf-8") as file:
        file.write(yaml.safe_dump({"cover": cover}, allow_unicode=True))
    out = tmp_path / "out.pdf"
    result = run_cli("build", str(folder), "-o", str(out), "--proof")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no faults" in result.stdout, result.stdout
    assert ("卷首语" if cover is NOTE_ONLY else "编者按") in _text(out)


# --- errors ----------------------------------------------------------------------------


def _line(folder: Path, key: str) -> int:
    lines = (folder / "issue.yaml").read_text(encoding="utf-8").splitlines()
    return next(i + 1 for i, line in enumerate(lines) if re.match(rf"\s+{key}:", line))


def test_a_missing_cover_picture_is_an_error_at_its_line(make_issue: Any) -> None:
    folder = make_issue(issue={"cover": {"image": "images/nope.png"}})
    with pytest.raises(ContentError) as err:
        check_issue(folder, display_dir="issue")
    (problem,) = err.value.problems
    assert problem.path == "issue/issue.yaml"
    assert problem.line == _line(folder, "image")
    assert "not found" in problem.message


def test_a_damaged_cover_picture_is_an_error_at_its_line(make_issue: Any) -> None:
    folder = make_issue(
        issue={"cover": {"image": "images/cover.png"}},
        images={"images/cover.png": png_bytes(400, 300)[:-30]},
    )
    with pytest.raises(ContentError) as err:
        check_issue(folder, display_dir="issue")
    (problem,) = err.value.problems
    assert (problem.path, problem.line) == ("issue/issue.yaml", _line(folder, "image"))
    assert "images/cover.png" in problem.message


def test_the_cover_picture_is_among_the_checked_pictures(make_issue: Any) -> None:
    folder = make_issue(
        issue={"cover": {"image": "images/cover.png"}},
        images={"images/cover.png": png_bytes(1600, 1000)},
    )
    checked = check_issue(folder, display_dir="issue")
    assert [info.shown for info in checked.images] == ["issue/images/cover.png"]


def test_a_low_resolution_cover_picture_names_issue_yaml(make_issue: Any, tmp_path: Path) -> None:
    folder = make_issue(
        issue={"cover": {"image": "images/cover.png", "credit": "摄影：张三"}},
        images={"images/cover.png": png_bytes(400, 250)},
    )
    with pytest.raises(ContentError) as err:
        build_issue(folder, tmp_path / "low.pdf", display_dir="issue")
    (problem,) = err.value.problems
    assert (problem.path, problem.line) == ("issue/issue.yaml", _line(folder, "image"))
    assert problem.message.startswith("page 1: image 'images/cover.png' prints at ")
    # the text width: 45 characters of 10.5 pt (chars_per_line, issue 17), 166.7 mm
    assert "it is 400 px wide and needs ≥ 1970 px at 167 mm for 300 ppi" in problem.message


@pytest.mark.parametrize(
    ("cover", "key", "expected"),
    [
        ({"credit": "摄影：张三"}, "credit", "describes the cover picture: give cover.image too"),
        ({"note": {"title": "卷首语"}}, "note", "text"),
        ({"note": {"text": "字" * 601}}, "text", "600"),
        ({"note": {"text": "  "}}, "text", "must not be empty"),
        ({"image": "images/a.png", "photographer": "张三"}, "photographer", "photographer"),
        ({"note": "卷首语"}, "note", "note"),
    ],
)
def test_a_wrong_cover_is_an_error_at_its_line(
    make_issue: Any, cover: dict[str, Any], key: str, expected: str
) -> None:
    folder = make_issue(issue={"cover": cover}, images={"images/a.png": png_bytes(1600, 1000)})
    with pytest.raises(ContentError) as err:
        load_issue(folder, display_dir="issue")
    messages = [f"{p.path}:{p.line}: {p.message}" for p in err.value.problems]
    lines = (folder / "issue.yaml").read_text(encoding="utf-8").splitlines()
    cover_line = next(i + 1 for i, line in enumerate(lines) if line.startswith("cover:"))
    assert any(expected in m and m.startswith("issue/issue.yaml:") for m in messages), messages
    for problem in err.value.problems:
        assert problem.line is not None and problem.line >= cover_line, messages


def test_docs_document_the_cover_fields() -> None:
    text = (ROOT / "docs" / "content.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE))
    for model in (Cover, CoverNote):
        assert not set(model.model_fields) - rows, model.__name__
    assert "### cover" in text
