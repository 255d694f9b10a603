"""Starting the next issue: ``typesetter new``, ``typesetter add``, article file names, stubs.

The editor's loop these tests walk: ``new content/2023-18 --from content/2023-17`` writes
the issue with a stub article per section, ``add`` writes an article and lists it in
issue.yaml (in place of the section's stub), the editor writes the text, ``build`` makes
the PDF; the stubs nobody began are left out with a warning, a 待填写 left in a begun
article is an error.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_cli
from pypdf import PdfReader

from typesetter.content import load_issue
from typesetter.errors import ContentError, UsageError
from typesetter.model import ArticleMeta, Colophon, IssueFile
from typesetter.naming import SLUG_LIMIT, article_name, title_slug
from typesetter.scaffold import add_article, start_issue
from typesetter.stubs import STUB

SEED = ROOT / "content" / "2023-17"
SEED_SECTIONS = ["行业资讯", "政策法规", "数据观察", "专家视点", "悦读电商"]


def messages(error: ContentError | UsageError) -> list[str]:
    return [str(p) for p in error.problems]


def write_text(path: Path, text: str) -> None:
    """What the editor does: the article's 待填写 becomes its text."""
    content = path.read_text(encoding="utf-8")
    assert content.endswith(f"\n{STUB}\n")
    path.write_text(content[: -len(STUB) - 1] + text + "\n", encoding="utf-8")


@pytest.fixture
def next_issue(tmp_path: Path) -> Path:
    """content/2023-18 started from the seed issue, dated 2023-09-19."""
    start_issue(tmp_path / "2023-18", previous=SEED, date=dt.date(2023, 9, 19))
    return tmp_path / "2023-18"


# --- names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("商务部推进电子商务", "shangwubu-tuijin-dianzishangwu"),
        ("国务院：促进数字技术与实体经济深度融合", "guowuyuan-cujin-shuzi-jishu-yu-shiti"),
        ("G20峰会：数字经济", "g20-fenghui-shuzi-jingji"),
        ("Temu进入东南亚", "temu-jinru-dongnanya"),
        ("ＡＩ大模型", "ai-da-moxing"),  # full-width letters made half-width
        ("绿色银行", "lvse-yinhang"),  # ü as v
        ("Café 2023", "cafe-2023"),  # accents dropped
        ("Hello, World! 123", "hello-world-123"),  # only Latin and digits
        ("2023", "2023"),
        ("！！！", "article"),  # only punctuation
        ("……——“”", "article"),
        ("", "article"),
    ],
)
def test_title_slug(title: str, slug: str) -> None:
    assert title_slug(title) == slug


def test_slug_is_bounded_ascii_and_cut_between_words() -> None:
    title = "阿联酋乘“数字丝路”东风发展电子商务，跨境电商平台纷纷布局中东市场"
    slug = title_slug(title)
    assert slug == "alianqiu-cheng-shuzi-silu-dongfeng"
    assert len(slug) <= SLUG_LIMIT and slug.isascii()
    assert title_slug("x" * 100) == "x" * SLUG_LIMIT  # one word longer than the limit


def test_article_name_numbers_and_avoids_collisions() -> None:
    assert article_name(3, "商务部推进电子商务") == "articles/03-shangwubu-tuijin-dianzishangwu.md"
    assert article_name("007", "盒马") == "articles/007-hema.md"
    taken = ["articles/03-hema.md", "ARTICLES/03-HEMA-2.md"]  # compared ignoring case
    assert article_name(3, "盒马", taken) == "articles/03-hema-3.md"


# --- typesetter new ----------------------------------------------------------------------


def test_new_from_previous_copies_fields_and_counts_on(next_issue: Path) -> None:
    data = yaml.safe_load((next_issue / "issue.yaml").read_text(encoding="utf-8"))
    seed = yaml.safe_load((SEED / "issue.yaml").read_text(encoding="utf-8"))
    assert (data["year"], data["number"], data["total"]) == (2023, 18, 295)
    assert data["date"] == dt.date(2023, 9, 19)
    same = ["publication", "kicker", "publisher", "editor", "layout", "language"]
    assert {k: data[k] for k in same} == {k: seed[k] for k in same}
    assert data["colophon"] == {k: v for k, v in seed["colophon"].items() if v is not None}
    assert [s["title"] for s in data["sections"]] == SEED_SECTIONS
    assert data["sections"][4]["style"] == "books"
    assert [s["articles"] for s in data["sections"]] == [
        ["articles/01-hangyezixun.md"],
        ["articles/02-zhengcefagui.md"],
        ["articles/03-shuju-guancha.md"],
        ["articles/04-zhuanjia-shidian.md"],
        ["articles/05-yuedu-dianshang.md"],
    ]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"date": dt.date(2023, 9, 19)}, (2023, 18, 295)),
        ({"date": dt.date(2023, 9, 5)}, (2023, 18, 295)),  # the same day is allowed
        ({"date": dt.date(2024, 1, 9)}, (2024, 1, 295)),  # a new year: number starts again
        ({"date": dt.date(2023, 12, 28), "year": 2024}, (2024, 1, 295)),  # 2024年第1期 in Dec.
        ({"date": dt.date(2023, 9, 19), "number": 20}, (2023, 20, 295)),
    ],
)
def test_new_numbers(tmp_path: Path, options: dict[str, object], expected: tuple) -> None:
    start_issue(tmp_path / "new", previous=SEED, **options)  # type: ignore[arg-type]
    data = yaml.safe_load((tmp_path / "new" / "issue.yaml").read_text(encoding="utf-8"))
    assert (data["year"], data["number"], data["total"]) == expected


def test_new_without_a_total_writes_none(make_issue: Callable[..., Path], tmp_path: Path) -> None:
    previous = make_issue(issue={"total": None})
    start_issue(tmp_path / "new", previous=previous, date=dt.date(2023, 9, 19))
    text = (tmp_path / "new" / "issue.yaml").read_text(encoding="utf-8")
    assert "total" not in yaml.safe_load(text)
    assert "\nnumber: 18\n" in text


def test_new_refuses_an_earlier_date_or_year(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        start_issue(tmp_path / "new", previous=SEED, date=dt.date(2023, 9, 1))
    assert messages(caught.value) == [
        "--date: 2023-09-01 is before the previous issue's date 2023-09-05 "
        "(give the new issue's date: --date YYYY-MM-DD)"
    ]
    with pytest.raises(UsageError) as caught:
        start_issue(tmp_path / "new", previous=SEED, date=dt.date(2023, 9, 19), year=2022)
    assert messages(caught.value) == [
        f"--year: year 2022 is before the previous issue's year 2023 (the previous issue is {SEED})"
    ]
    assert not (tmp_path / "new").exists()


def test_new_refuses_a_folder_in_use(tmp_path: Path, next_issue: Path) -> None:
    with pytest.raises(ContentError) as caught:
        start_issue(next_issue, previous=SEED, date=dt.date(2023, 9, 19))
    assert messages(caught.value) == [
        f"{next_issue}: already exists and is not empty "
        "(name a new folder: typesetter new makes it)"
    ]
    with pytest.raises(UsageError) as caught:
        start_issue(next_issue / "inner", date=dt.date(2023, 9, 19))
    assert messages(caught.value) == [
        f"NEW_DIR: {next_issue / 'inner'} is inside the issue folder {next_issue} "
        "(an issue folder holds one issue: start the new one next to it)"
    ]
    (tmp_path / "empty").mkdir()
    start_issue(tmp_path / "empty", date=dt.date(2023, 9, 19))  # an empty folder is fine
    assert (tmp_path / "empty" / "issue.yaml").is_file()


def test_new_from_a_broken_previous_issue_reports_it(
    make_issue: Callable[..., Path], tmp_path: Path
) -> None:
    previous = make_issue(issue={"number": "十七"})
    with pytest.raises(ContentError) as caught:
        start_issue(tmp_path / "new", previous=previous, date=dt.date(2023, 9, 19))
    assert messages(caught.value) == [
        f"{previous}/issue.yaml:4: number: must be a whole number, not '十七'"
    ]


def test_new_issue_fails_check_only_on_its_stubs(next_issue: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_issue(next_issue, display_dir="content/2023-18")
    names = ["01-hangyezixun", "02-zhengcefagui", "03-shuju-guancha", "04-zhuanjia-shidian"]
    names.append("05-yuedu-dianshang")
    assert messages(caught.value) == [
        f"content/2023-18/articles/{name}.md:2: stub article: 待填写 "
        "(write it: no article of the issue is written yet)"
        for name in names
    ]


def test_skeleton_fails_check_only_on_its_stubs(tmp_path: Path) -> None:
    started = start_issue(tmp_path / "new", date=dt.date(2024, 3, 1))
    assert started.issue_line == "2024年第1期"
    text = (tmp_path / "new" / "issue.yaml").read_text(encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_issue(tmp_path / "new", display_dir="new")
    lines = text.split("\n")

    def at(key: str) -> int:
        return next(
            i for i, line in enumerate(lines, 1) if re.match(rf"\s*(- )?{key}: 待填写", line)
        )

    assert messages(caught.value) == [
        "new/articles/01-article.md:2: stub article: 待填写 "
        "(write it: no article of the issue is written yet)",
        f"new/issue.yaml:{at('publication')}: publication: stub 待填写 (fill it in)",
        f"new/issue.yaml:{at('publisher')}: publisher: stub 待填写 (fill it in)",
        f"new/issue.yaml:{at('editor')}: editor: stub 待填写 (fill it in)",
        f"new/issue.yaml:{at('address')}: address: stub 待填写 (fill it in)",
        f"new/issue.yaml:{at('title')}: title: stub 待填写 (fill it in)",
    ]
    data = yaml.safe_load(text)
    assert (data["year"], data["number"], data["date"]) == (2024, 1, dt.date(2024, 3, 1))


def test_skeleton_and_stubs_show_every_field(tmp_path: Path) -> None:
    start_issue(tmp_path / "new", date=dt.date(2024, 3, 1))
    text = (tmp_path / "new" / "issue.yaml").read_text(encoding="utf-8")
    for name in IssueFile.model_fields:
        assert re.search(rf"^(# )?{name}:", text, re.M), name
    for name in Colophon.model_fields:
        assert re.search(rf"^  (# )?{name}:", text, re.M), name
    for name in ("toc_title", "style"):
        assert re.search(rf"^    # {name}:", text, re.M), name
    stub = (tmp_path / "new" / "articles" / "01-article.md").read_text(encoding="utf-8")
    assert stub.startswith("---\ntitle: 待填写\n# ")
    assert stub.endswith("---\n\n待填写\n")
    for name in ArticleMeta.model_fields:
        assert re.search(rf"^(# )?{name}:", stub, re.M), name
    assert "# date: 2024-03-01  # The source's date, YYYY-MM-DD." in stub


# --- typesetter add ----------------------------------------------------------------------


def test_add_takes_the_place_of_the_sections_stub(next_issue: Path) -> None:
    before = (next_issue / "issue.yaml").read_text(encoding="utf-8")
    added = add_article(next_issue, "行业资讯", "商务部推进电子商务", display_dir="c/18")
    name = "articles/01-shangwubu-tuijin-dianzishangwu.md"
    assert added.summary() == [
        f"c/18/{name}: added to section 1 行业资讯, issue.yaml line 23",
        "  in place of the stub c/18/articles/01-hangyezixun.md (removed)",
        "next: write the article in place of 待填写",
    ]
    after = (next_issue / "issue.yaml").read_text(encoding="utf-8")
    assert after == before.replace("articles/01-hangyezixun.md", name)
    assert not (next_issue / "articles" / "01-hangyezixun.md").exists()
    text = (next_issue / name).read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 商务部推进电子商务\n# More fields:")
    assert text.endswith("---\n\n待填写\n")


def test_add_by_number_appends_after_the_last_article(next_issue: Path) -> None:
    add_article(next_issue, "3", "国家统计局：网络零售额增长")
    added = add_article(next_issue, "3", "直播电商交易规模")
    assert added.name == "articles/04-zhibo-dianshang-jiaoyi-guimo.md"
    assert (added.section, added.section_title, added.replaced) == (3, "数据观察", None)
    lines = (next_issue / "issue.yaml").read_text(encoding="utf-8").split("\n")
    assert lines[added.line - 3 : added.line] == [
        "    articles:",
        "      - articles/03-guojiatongjiju-wangluo-lingshoue.md",
        "      - articles/04-zhibo-dianshang-jiaoyi-guimo.md",
    ]


def test_add_keeps_the_editors_comments_and_layout(make_issue: Callable[..., Path]) -> None:
    issue_yaml = (
        "# 本期说明：编辑部手写的注释\r\n"
        "publication: 电子商务动态   # 刊名\r\n"
        "year: 2023\r\nnumber: 17\r\ndate: 2023-09-05\r\n"
        "publisher: 上海市电子商务和消费促进中心\r\neditor: 《电子商务动态》编辑部\r\n"
        "colophon: {address: 中山南路1088号}\r\n"
        "sections:\r\n"
        "- title: 行业资讯\r\n"
        "  articles:\r\n"
        "  - articles/01.md    # 头条\r\n"
        "  - 'articles/02.md'\r\n"
        "  # 下期再补一篇\r\n"
        "- title: 悦读电商\r\n"
        "  style: books\r\n"
        "  articles:\r\n"
        "  - articles/03.md\r\n"
    )
    article = {"title": "标题", "body": "正文。\n"}
    folder = make_issue(issue=issue_yaml, articles={"01": article, "02": article, "03": article})
    add_article(folder, "【行业资讯】", "盒马")
    edited = (folder / "issue.yaml").read_bytes().decode("utf-8")
    assert edited == issue_yaml.replace(
        "  - 'articles/02.md'\r\n", "  - 'articles/02.md'\r\n  - articles/03-hema.md\r\n"
    )
    add_article(folder, "悦读电商", "新电商")  # the last line of the file
    edited = (folder / "issue.yaml").read_bytes().decode("utf-8")
    assert edited.endswith("  - articles/03.md\r\n  - articles/05-xin-dianshang.md\r\n")
    for name in ("03-hema", "05-xin-dianshang"):
        write_text(folder / "articles" / f"{name}.md", "正文。")
    issue, warnings = load_issue(folder)
    assert warnings == []
    assert [a.meta.title for a in issue.articles()] == ["标题", "标题", "盒马", "标题", "新电商"]


def test_add_names_never_collide(next_issue: Path) -> None:
    names = [add_article(next_issue, "2", "跨境电商").name for _ in range(3)]
    assert names == [
        "articles/02-kuajing-dianshang.md",
        "articles/03-kuajing-dianshang.md",
        "articles/04-kuajing-dianshang.md",
    ]
    (next_issue / "articles" / "05-kuajing-dianshang.md").write_text("x", encoding="utf-8")
    assert add_article(next_issue, "2", "跨境电商").name == "articles/05-kuajing-dianshang-2.md"


def test_add_a_title_without_han_characters(next_issue: Path) -> None:
    assert add_article(next_issue, "1", "？！……").name == "articles/01-article.md"
    assert add_article(next_issue, "1", "G20 Summit 2023").name == "articles/02-g20-summit-2023.md"
    text = (next_issue / "articles" / "01-article.md").read_text(encoding="utf-8")
    assert "\ntitle: ？！……\n" in text
    odd = add_article(next_issue, "1", "2023: #1 'yes'")  # quoted in the front matter
    front = (next_issue / odd.name).read_text(encoding="utf-8").split("---")[1]
    assert yaml.safe_load(front)["title"] == "2023: #1 'yes'"


def test_add_to_an_unknown_section(next_issue: Path) -> None:
    listed = "1 行业资讯, 2 政策法规, 3 数据观察, 4 专家视点, 5 悦读电商"
    with pytest.raises(ContentError) as caught:
        add_article(next_issue, "行业咨询", "标题", display_dir="c/18")
    assert messages(caught.value) == [
        "c/18/issue.yaml:20: unknown section '行业咨询' "
        f"(did you mean '行业资讯'? the sections are {listed})"
    ]
    with pytest.raises(ContentError) as caught:
        add_article(next_issue, "6", "标题", display_dir="c/18")
    assert messages(caught.value) == [
        f"c/18/issue.yaml:20: no section 6 (the sections are {listed})"
    ]
    assert sorted(p.name for p in (next_issue / "articles").iterdir())[0] == "01-hangyezixun.md"


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("  ", 'TITLE: must not be empty (give the title in quotes: "标题")'),
        ("a\nb", "TITLE: control character U+000A LF cannot be printed (type the title again)"),
        ("长" * 201, "TITLE: too long (201 characters; at most 200) (shorten it)"),
    ],
)
def test_add_refuses_a_title_that_cannot_be_printed(
    next_issue: Path, title: str, message: str
) -> None:
    with pytest.raises(UsageError) as caught:
        add_article(next_issue, "1", title)
    assert messages(caught.value) == [message]


def test_add_refuses_a_list_in_brackets(make_issue: Callable[..., Path]) -> None:
    text = (
        "publication: 电子商务动态\nyear: 2023\nnumber: 17\ndate: 2023-09-05\n"
        "publisher: 中心\neditor: 编辑部\ncolophon:\n  address: 地址\n"
        "sections:\n  - title: 行业资讯\n    articles: [articles/01.md]\n"
    )
    folder = make_issue(issue=text, articles={"01": {"title": "标题"}})
    with pytest.raises(ContentError) as caught:
        add_article(folder, "1", "盒马", display_dir="t")
    assert messages(caught.value) == [
        "t/issue.yaml:11: cannot add to a list written in [ ] brackets (write the section's "
        "articles one per line, '- articles/….md', then run add again)"
    ]
    assert (folder / "issue.yaml").read_text(encoding="utf-8") == text
    assert sorted(p.name for p in (folder / "articles").iterdir()) == ["01.md"]


# --- stubs in check and build ------------------------------------------------------------


def test_stubs_nobody_began_are_left_out(next_issue: Path) -> None:
    added = add_article(next_issue, "专家视点", "跨境电商的新机遇")
    write_text(next_issue / added.name, "正文。")
    issue, warnings = load_issue(next_issue, display_dir="c")
    assert [s.title for s in issue.sections] == ["专家视点"]
    assert [str(w) for w in warnings] == [
        f"c/articles/{name}.md:2: warning: stub article left out: 待填写 "
        f"(section {title} is left out too; write the article to print it)"
        for name, title in [
            ("01-hangyezixun", "行业资讯"),
            ("02-zhengcefagui", "政策法规"),
            ("03-shuju-guancha", "数据观察"),
            ("05-yuedu-dianshang", "悦读电商"),
        ]
    ]


def stub_line(path: Path) -> int:
    """The line of the text's 待填写 (after the front matter, which lists every field)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    end = lines.index("---", 1)
    return next(n for n, text in enumerate(lines, start=1) if n > end and text == "待填写")


def test_a_begun_article_with_stub_text_is_an_error(next_issue: Path) -> None:
    added = add_article(next_issue, "1", "跨境电商的新机遇")
    with pytest.raises(ContentError) as caught:
        load_issue(next_issue, display_dir="c")
    line = stub_line(next_issue / added.name)
    assert messages(caught.value) == [
        f"c/{added.name}:{line}: stub 待填写 in the text (write the article's text here)"
    ]
    stub = next_issue / "articles" / "02-zhengcefagui.md"  # its text written, not its title
    write_text(stub, "正文。")
    write_text(next_issue / added.name, "正文。")
    with pytest.raises(ContentError) as caught:
        load_issue(next_issue, display_dir="c")
    assert messages(caught.value) == [
        "c/articles/02-zhengcefagui.md:2: title: stub 待填写 (write the title)"
    ]


# --- the editor's loop, through the command line ------------------------------------------


def test_new_add_write_build(tmp_path: Path) -> None:
    """From an empty folder: new --from, add twice, write the text, build: a PDF."""
    shutil.copytree(SEED, tmp_path / "content" / "2023-17")
    today = dt.date.today()
    new = run_cli("new", "content/2023-18", "--from", "content/2023-17", cwd=tmp_path)
    assert new.returncode == 0, new.stderr
    days = {today, dt.date.today()}  # the run may cross midnight
    assert new.stdout.split("\n")[0] in {
        f"content/2023-18: {day.year}年第{18 if day.year == 2023 else 1}期（总295期）, "
        f"{day.isoformat()} (from content/2023-17)"
        for day in days
    }
    first = run_cli("add", "content/2023-18", "行业资讯", "商务部推进电子商务", cwd=tmp_path)
    second = run_cli("add", "content/2023-18", "5", "新电商运营", cwd=tmp_path)
    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    names = [line.split(":")[0] for line in (first.stdout, second.stdout)]
    assert names == [
        "content/2023-18/articles/01-shangwubu-tuijin-dianzishangwu.md",
        "content/2023-18/articles/05-xin-dianshang-yunying.md",
    ]
    refused = run_cli("build", "content/2023-18", "-o", "out/18.pdf", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[:2] == [
        f"{name}:{stub_line(tmp_path / name)}: stub 待填写 in the text "
        "(write the article's text here)"
        for name in names
    ]
    write_text(tmp_path / names[0], "商务部日前召开会议，推进电子商务高质量发展。")
    write_text(tmp_path / names[1], "本书介绍新电商的运营方法。")
    built = run_cli("build", "content/2023-18", "-o", "out/18.pdf", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "stub article left out: 待填写" in built.stderr
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "out" / "18.pdf").pages)
    assert "商务部推进电子商务" in text.replace(" ", "")
    assert "新电商运营" in text.replace(" ", "")
    assert STUB not in text


def test_cli_errors(tmp_path: Path) -> None:
    bad_date = run_cli("new", "x", "--date", "2023-13-01", cwd=tmp_path)
    assert bad_date.returncode == 2
    assert "not a valid date ('2023-13-01') (write YYYY-MM-DD, e.g. 2023-09-19)" in bad_date.stderr
    start_issue(tmp_path / "y", date=dt.date(2024, 3, 1))
    unknown = run_cli("add", "y", "行业资讯", "标题", cwd=tmp_path)
    assert unknown.returncode == 1
    lines = (tmp_path / "y" / "issue.yaml").read_text(encoding="utf-8").splitlines()
    at = lines.index("sections:") + 1  # the error points at the section list
    assert unknown.stderr.splitlines()[0] == (
        f"y/issue.yaml:{at}: unknown section '行业资讯' (the sections are 1 待填写)"
    )
    assert not (tmp_path / "x").exists()
