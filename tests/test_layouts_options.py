"""layout.yaml options (accent and its tints, masthead, issue_line, date_format, fonts,
toc), a layout that extends another with extra.css and one overridden block, the files of
a layout folder (url() in its CSS, layout_file in its templates) and the sandboxed
fetcher. No PDF is built here: the HTML shows what each option does."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import png_bytes, run_cli

from typesetter import layouts
from typesetter.errors import LayoutError
from typesetter.html import render_html
from typesetter.layouts import ENV_VAR, format_fields, tint
from typesetter.pipeline import check_issue
from typesetter.resources import FONTS_DIR, LAYOUTS_DIR
from typesetter.weasy.fetcher import make_fetcher

MakeIssue = Callable[..., Path]
SEED = Path(__file__).resolve().parent.parent / "content" / "2023-17"


@pytest.fixture(autouse=True)
def _clean_search(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layouts, "_option_dirs", [])
    monkeypatch.setenv(ENV_VAR, "")


def weekly(tmp_path: Path, options: str = "", files: dict[str, str | bytes] | None = None) -> Path:
    """``layouts/weekly`` beside the issues in ``tmp_path``, extending the newsletter."""
    folder = tmp_path / "layouts" / "weekly"
    folder.mkdir(parents=True, exist_ok=True)
    text = f"name: weekly\nextends: newsletter\n{options}"
    (folder / "layout.yaml").write_text(text, encoding="utf-8")
    for name, data in (files or {}).items():
        path = folder / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return folder


def html_of(issue: Path) -> str:
    checked = check_issue(issue)
    return render_html(checked.issue, checked.layout)


def problem_of(make_issue: MakeIssue, tmp_path: Path, options: str) -> str:
    folder = weekly(tmp_path, options)
    with pytest.raises(LayoutError) as caught:
        check_issue(make_issue(issue={"layout": "weekly"}))
    text = str(caught.value)
    prefix = f"{folder / 'layout.yaml'}:"
    assert text.startswith(prefix), text
    return text[len(prefix) :]


# --- Options, each validated at its line -------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            "accent: blue\n",
            "3: accent: must be a colour as #rrggbb or #rgb, e.g. '#1f4e9b', not 'blue' "
            "(quote it: a bare # starts a YAML comment)",
        ),
        (
            "masthead: banner\n",
            "3: masthead: must be band, plain, or a mapping such as {logo: logo.png}, "
            "not 'banner'",
        ),
        (
            "masthead:\n  logo: logo.gif\n",
            "4: logo: 'logo.gif' is not a PNG, JPEG or SVG file",
        ),
        (
            "masthead:\n  logo: logo.png\n",
            "4: masthead: no logo file 'logo.png' (looked in: {weekly}, {newsletter})",
        ),
        (
            "issue_line: '{year}年第{volume}期'\n",
            "3: issue_line: unknown field {volume} (fields: {year}, {number}, {total})",
        ),
        (
            "issue_line: '{year}年第{number}期[（总{total}期）'\n",
            "3: issue_line: an optional part '[' is not closed with ']'",
        ),
        (
            "date_format: '{year}年{month}月{date}日'\n",
            "3: date_format: unknown field {date} (fields: {year}, {month}, {day})",
        ),
        (
            "fonts:\n  title: [Noto Sans SC]\n",
            "4: title: no vendored font family 'Noto Sans SC' (did you mean "
            "'Noto Sans CJK SC'? families in fonts/: HanaMinB, Noto Sans CJK SC, "
            "Noto Sans CJK SC Fallback, Noto Serif CJK SC)",
        ),
        ("toc: sidebar\n", "3: toc: must be cover, page2 or none, not 'sidebar'"),
    ],
)
def test_each_option_is_validated_at_its_line(
    make_issue: MakeIssue, tmp_path: Path, options: str, expected: str
) -> None:
    message = problem_of(make_issue, tmp_path, options)
    folders = {"weekly": tmp_path / "layouts" / "weekly", "newsletter": LAYOUTS_DIR / "newsletter"}
    for name, folder in folders.items():
        expected = expected.replace("{" + name + "}", str(folder))
    assert message == expected


def test_the_accent_drives_every_tint(make_issue: MakeIssue, tmp_path: Path) -> None:
    weekly(tmp_path, "accent: '#1f4e9b'\n")
    html = html_of(make_issue(issue={"layout": "weekly"}))
    assert tint("#1f4e9b", 0.12) == "#e4eaf3"
    root = re.search(r":root \{(.*?)\}", html, re.DOTALL)
    assert root is not None
    assert root[1].split() == [
        "--accent:",
        "#1f4e9b;",
        "--accent-soft:",
        f"{tint('#1f4e9b', 0.4)};",
        "--accent-tint:",
        "#e4eaf3;",
        "--accent-pale:",
        f"{tint('#1f4e9b', 0.06)};",
    ]
    assert ".article-body th { background: var(--accent-tint);" in html
    assert "border-left: 1.5pt solid var(--accent-soft);" in html  # quotes
    assert "#f1e6e6" not in html and "#a61b1b" not in html  # no tint of the old accent


def test_issue_line_and_date_format(make_issue: MakeIssue, tmp_path: Path) -> None:
    weekly(
        tmp_path,
        "issue_line: '{year}年第{number}期[（总第{total}期）]'\n"
        "date_format: '{year}年{month:02}月{day:02}日'\n",
    )
    html = html_of(make_issue(issue={"layout": "weekly", "total": 118}))
    assert '<span class="issue-number">2023年第17期（总第118期）</span>' in html
    assert '<span class="issue-date">2023年09月05日</span>' in html
    assert '<span class="running-issue">2023年第17期（总第118期）</span>' in html  # header
    html = html_of(make_issue(name="no-total", issue={"layout": "weekly", "total": None}))
    assert '<span class="issue-number">2023年第17期</span>' in html  # the [ ] part left out


def test_the_default_issue_line_is_the_old_one(make_issue: MakeIssue) -> None:
    html = html_of(make_issue())
    assert '<span class="issue-number">2023年第17期（总294期）</span>' in html
    assert '<span class="issue-date">2023年9月5日</span>' in html
    assert format_fields("{year}年[[{number}]]", {"year": 2023, "number": 1}) == "2023年[1]"


def test_a_missing_total_outside_brackets_is_an_error_at_the_layout_line(
    make_issue: MakeIssue, tmp_path: Path
) -> None:
    folder = weekly(tmp_path, "issue_line: '{year}年第{number}期 总第{total}期'\n")
    checked = check_issue(make_issue(issue={"layout": "weekly", "total": None}))
    with pytest.raises(LayoutError) as caught:
        render_html(checked.issue, checked.layout)
    assert str(caught.value) == (
        f"{folder / 'layout.yaml'}:3: issue_line: the issue has no total for {{total}} "
        "(put the part with {total} in [ ], to leave it out when it is missing)"
    )


def test_masthead_plain(make_issue: MakeIssue, tmp_path: Path) -> None:
    weekly(tmp_path, "masthead: plain\n")
    html = html_of(make_issue(issue={"layout": "weekly"}))
    assert '<div class="masthead-plain">' in html
    assert '<div class="masthead-band">' not in html
    assert html_of(make_issue(name="default")).count('<div class="masthead-band">') == 1


def test_masthead_logo_beside_or_instead_of_the_title(
    make_issue: MakeIssue, tmp_path: Path
) -> None:
    folder = weekly(tmp_path, "masthead: {logo: logo.png}\n", {"logo.png": png_bytes(40, 20)})
    html = html_of(make_issue(issue={"layout": "weekly"}))
    url = (folder / "logo.png").resolve().as_uri()
    assert '<div class="masthead-plain masthead-with-logo">' in html
    assert f'<img class="masthead-logo" src="{url}" alt="">' in html
    assert "height: 16.0mm;\n  width: 32.0mm;" in html  # its ratio, at logo_height
    assert '<h1 class="masthead" data-bookmark="电子商务动态"' in html
    weekly(tmp_path, "masthead: {logo: logo.png, title: false, style: band}\n")
    html = html_of(make_issue(name="only", issue={"layout": "weekly"}))
    assert '<div class="masthead-band masthead-with-logo">' in html
    assert f'<img class="masthead-logo" src="{url}" alt="电子商务动态">' in html


def test_toc_on_page_2_or_none(make_issue: MakeIssue, tmp_path: Path) -> None:
    weekly(tmp_path, "toc: page2\n")
    html = html_of(make_issue(issue={"layout": "weekly"}))
    cover_end = html.index("</header>")
    assert '<nav class="toc"' not in html[:cover_end]
    assert html.index('<div class="contents-page">') > cover_end
    assert html.count('<nav class="toc"') == 1
    weekly(tmp_path, "toc: none\n")
    assert '<nav class="toc"' not in html_of(make_issue(name="none", issue={"layout": "weekly"}))


def test_proof_looks_for_a_toc_only_where_the_layout_prints_one(tmp_path: Path) -> None:
    """``toc: none``: ``build --proof`` and ``proof --issue`` are clean; the same PDF
    proofed as the newsletter (which prints a TOC) misses its titles."""
    weekly(tmp_path, "toc: none\n")
    issue = tmp_path / "2023-17"  # a whole issue: a few lines are too few to proof
    shutil.copytree(SEED, issue)
    yaml_file = issue / "issue.yaml"
    yaml_file.write_text(
        yaml_file.read_text(encoding="utf-8").replace("layout: newsletter", "layout: weekly"),
        encoding="utf-8",
    )
    pdf = tmp_path / "none.pdf"
    built = run_cli("build", str(issue), "-o", str(pdf), "--proof")
    assert built.returncode == 0, built.stdout + built.stderr
    assert built.stdout.rstrip().endswith("no faults")
    proofed = run_cli("proof", str(pdf), "--issue", str(issue))
    assert proofed.returncode == 0, proofed.stdout + proofed.stderr
    other = run_cli("proof", str(pdf), "--issue", str(issue), "--layout", "newsletter")
    assert other.returncode == 1 and "toc-page" in other.stdout


def test_fonts_for_body_and_titles(make_issue: MakeIssue, tmp_path: Path) -> None:
    weekly(
        tmp_path,
        "fonts:\n  title: [Noto Serif CJK SC]\nbody_size: 12pt\nline_height: 1.8\n",
    )
    html = html_of(make_issue(issue={"layout": "weekly"}))
    # The newsletter's fallback is kept: mappings are merged with the parent's.
    assert 'h1, h2, h3, h4 {\n  font-family: "Noto Serif CJK SC", "HanaMinB"' in html
    assert "font-size: 12pt;\n  line-height: 1.8;" in html


# --- Extending without copying -----------------------------------------------------------


def test_extra_css_and_one_overridden_block(make_issue: MakeIssue, tmp_path: Path) -> None:
    weekly(
        tmp_path,
        files={
            "extra.css": ".masthead { color: #123456; }\n",
            "article.html.j2": '{% extends "newsletter/article.html.j2" %}\n'
            '{% block source_line %}<p class="source-line">【本刊】{{ article.source_text|cjk }}'
            "</p>{% endblock %}\n",
        },
    )
    html = html_of(make_issue(issue={"layout": "weekly"}))
    parents = [
        (LAYOUTS_DIR / "newsletter" / name).read_text(encoding="utf-8")
        for name in ("newsletter.css", "clreq.css")
    ]
    assert html.index(parents[0]) < html.index(parents[1]) < html.index("#123456")
    assert html.index("#123456") < html.index("</style>")
    assert html.count('<p class="source-line">【本刊】') == 2  # each article's
    assert '<h3 class="article-title"' in html  # the rest of the parent's template


def test_a_stylesheet_url_is_the_layout_folders_file(
    make_issue: MakeIssue, tmp_path: Path
) -> None:
    folder = weekly(
        tmp_path,
        files={"extra.css": "\n.cover { background: url('bg.png'); }\n", "bg.png": png_bytes()},
    )
    html = html_of(make_issue(issue={"layout": "weekly"}))
    assert f'.cover {{ background: url("{(folder / "bg.png").resolve().as_uri()}"); }}' in html
    (folder / "bg.png").unlink()
    with pytest.raises(LayoutError) as caught:
        html_of(make_issue(name="again", issue={"layout": "weekly"}))
    assert str(caught.value) == (
        f"{folder / 'extra.css'}:2: url(bg.png): no such file (put bg.png in {folder}, "
        "beside the stylesheet)"
    )


def test_a_missing_layout_file_in_a_template_names_its_line(
    make_issue: MakeIssue, tmp_path: Path
) -> None:
    folder = weekly(
        tmp_path,
        files={
            "running.html.j2": '{% extends "newsletter/running.html.j2" %}\n'
            "{% block cover_foot %}\n"
            "<img src=\"{{ layout_file('seal.png') }}\">{{ super() }}\n"
            "{% endblock %}\n"
        },
    )
    with pytest.raises(LayoutError) as caught:
        html_of(make_issue(issue={"layout": "weekly"}))
    assert str(caught.value) == (
        f"{folder / 'running.html.j2'}:3: layout_file: no file 'seal.png' in the layout's "
        f"folders (looked in: {folder}, {LAYOUTS_DIR / 'newsletter'})"
    )
    (folder / "seal.png").write_bytes(png_bytes())
    html = html_of(make_issue(name="again", issue={"layout": "weekly"}))
    assert f'<img src="{(folder / "seal.png").resolve().as_uri()}">' in html


# --- The sandboxed fetcher ---------------------------------------------------------------


def test_the_fetcher_allows_the_layout_chain_and_nothing_else(
    make_issue: MakeIssue, tmp_path: Path
) -> None:
    folder = weekly(tmp_path, files={"logo.png": png_bytes()})
    (tmp_path / "layouts" / "other").mkdir()
    (tmp_path / "layouts" / "other" / "x.png").write_bytes(png_bytes())
    issue = make_issue(issue={"layout": "weekly"})
    layout = check_issue(issue).layout
    fetcher = make_fetcher([issue, *layout.folders, FONTS_DIR])
    logo = fetcher.fetch((folder / "logo.png").as_uri())
    assert logo.read() == png_bytes()
    parent_css = (LAYOUTS_DIR / "newsletter" / "clreq.css").as_uri()
    fetcher.fetch(parent_css)  # the layout it extends
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch((tmp_path / "layouts" / "other" / "x.png").as_uri())
    with pytest.raises(ValueError, match="no such file"):
        fetcher.fetch((folder / "seal.png").as_uri())
    assert [reason.split(":")[0] for _, reason in fetcher.refused] == [
        "only files in these folders are read",
        "no such file",
    ]
