"""``paragraph_start_bracket: full|half`` (issue 17, item 9; clreq §3.1.6).

An opening bracket that starts a body paragraph (``《电子商务法》施行…``) follows the
2 em indent. ``full`` (the default) sets it full width: the character after ``《``
starts 3 em from the column's left edge. ``half`` removes its blank left half (OpenType
``halt`` on a ``span.zh-ps``): the next character starts at 2.5 em. Without the option
the text preparation adds nothing, so the default output is unchanged.

Measured on real PDFs of a small issue (pdfplumber), relative to a paragraph that starts
with a Han character (its first character at 2 em).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from conftest import write_issue

from typesetter.errors import LayoutError
from typesetter.layouts import load_layout
from typesetter.pipeline import build_issue
from typesetter.typography import prepare_fragment

EM = 10.5  # pt: the newsletter's body size
TOLERANCE = 0.15  # pt

BODY = """\
正文从汉字开始，作为参照。

《电子商务法》施行五年来，平台责任逐步明确。

（一）完善规则。

“渠道为王”是业内的老话。

「直角引号」也一样。
"""

#: The paragraphs that start with an opening bracket: the bracket and the next character.
CASES = [("《", "电"), ("（", "一"), ("“", "渠"), ("「", "直")]


def first_chars(pdf: bytes) -> dict[str, float]:
    """The x0 of each character that starts a printed line, by the line's first two
    characters (a line that starts a paragraph here is unique by them)."""
    found: dict[str, float] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            rows: dict[int, list[dict[str, Any]]] = {}
            for char in page.chars:
                rows.setdefault(round(char["top"]), []).append(char)
            for row in rows.values():
                chars = sorted(row, key=lambda char: char["x0"])
                if len(chars) > 2:
                    key = chars[0]["text"] + chars[1]["text"]
                    found.setdefault(key, float(chars[0]["x0"]))
                    found.setdefault(key + "+", float(chars[1]["x0"]))
    return found


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, float]]:
    root = tmp_path_factory.mktemp("bracket")
    folder = write_issue(root, articles={"01": {"title": "括号", "body": BODY}})
    result = {}
    for option in ("default", "full", "half"):
        overrides = {} if option == "default" else {"paragraph_start_bracket": option}
        built = build_issue(folder, root / f"{option}.pdf", **overrides)
        result[option] = first_chars(built.data)
    return result


@pytest.mark.parametrize(("bracket", "after"), CASES)
@pytest.mark.parametrize("option", ["default", "full"])
def test_full_sets_the_bracket_full_width(
    builds: dict[str, dict[str, float]], option: str, bracket: str, after: str
) -> None:
    chars = builds[option]
    indent = chars["正文"]  # column left + 2 em
    assert abs(chars[bracket + after + "+"] - (indent + EM)) <= TOLERANCE


@pytest.mark.parametrize(("bracket", "after"), CASES)
def test_half_sets_the_bracket_half_width(
    builds: dict[str, dict[str, float]], bracket: str, after: str
) -> None:
    chars = builds["half"]
    indent = chars["正文"]
    assert abs(chars[bracket + after + "+"] - (indent + EM / 2)) <= TOLERANCE
    assert chars["正文"] == builds["full"]["正文"]


def test_the_span_is_added_only_when_asked() -> None:
    html = "<p>《电子商务法》施行</p><li>《法》</li><p>正文《书》</p><h2>（一）</h2>"
    assert prepare_fragment(html) == html
    assert prepare_fragment(html, bracket_half=True) == html.replace(
        "<p>《", '<p><span class="zh-ps">《</span>'
    )
    # A quote in its Latin form keeps it: it has no blank half.
    latin = prepare_fragment("<p>“Hello” world</p>", bracket_half=True)
    assert "zh-ps" not in latin


def test_the_option_is_validated(tmp_path: Path) -> None:
    path = tmp_path / "x" / "layout.yaml"
    path.parent.mkdir()
    path.write_text("name: x\nparagraph_start_bracket: quarter\n", encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        load_layout("x", root=tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: paragraph_start_bracket: must be full or half, not 'quarter'"
    ]
    assert load_layout("newsletter").options.paragraph_start_bracket == "full"
