"""typesetter.importer on hand-written texts: a whole second issue and one text per rule."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from typesetter.errors import ContentError
from typesetter.importer import ImportResult, format_report, import_text
from typesetter.importer.text import han

DATA = Path(__file__).resolve().parent / "data" / "import"
WEEKLY = DATA / "weekly-2024-05.txt"


def front_matter(path: Path) -> dict[str, Any]:
    _, front, _ = path.read_text(encoding="utf-8").split("---\n", 2)
    data = yaml.safe_load(front)
    assert isinstance(data, dict)
    return data


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("---\n", 2)[2]


def issue_yaml(result: ImportResult) -> dict[str, Any]:
    data = yaml.safe_load((result.issue_dir / "issue.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def articles(result: ImportResult) -> list[Path]:
    return [
        result.issue_dir / name for s in issue_yaml(result)["sections"] for name in s["articles"]
    ]


def run(tmp_path: Path, name: str) -> ImportResult:
    return import_text(DATA / name, tmp_path / "issue")


def review_lines(result: ImportResult) -> list[tuple[int, str]]:
    return [(item.line, item.message) for item in result.review]


# A whole second issue -----------------------------------------------------------------


@pytest.fixture(scope="module")
def weekly(tmp_path_factory: pytest.TempPathFactory) -> ImportResult:
    return import_text(WEEKLY, tmp_path_factory.mktemp("weekly") / "2024-05")


def test_weekly_issue_metadata_and_colophon(weekly: ImportResult) -> None:
    issue = issue_yaml(weekly)
    assert {k: v for k, v in issue.items() if k != "sections"} == {
        "publication": "跨境物流周报",
        "kicker": "港航观察",
        "year": 2024,
        "number": 5,
        "total": 118,
        "date": dt.date(2024, 3, 8),
        "publisher": "广州市跨境物流协会",
        "editor": "《跨境物流周报》编辑部",
        "layout": "newsletter",
        "colophon": {
            "address": "广州市天河区体育东路123号",
            "postcode": "510620",
            "phone": "020-87654321",
            "email": "kjwl@example.com",
        },
    }


def test_weekly_sections_toc_titles_and_books(weekly: ImportResult) -> None:
    sections = [
        (s["title"], s.get("toc_title"), s.get("style"), len(s["articles"]))
        for s in issue_yaml(weekly)["sections"]
    ]
    assert sections == [
        ("口岸动态", None, None, 4),
        ("政策速递", None, None, 2),
        ("数据看板", "数据", None, 3),
        ("专家观点", None, None, 1),
        ("新书架", None, "books", 2),
    ]


def test_weekly_articles_front_matter(weekly: ImportResult) -> None:
    fronts = [front_matter(path) for path in articles(weekly)]
    assert fronts == [
        {"title": "南沙港开通至东盟新航线", "source": "南方日报", "date": dt.date(2024, 3, 5)},
        {"title": "白云机场跨境电商货量创新高", "source": "新华社"},
        {
            "title": "深圳湾口岸试行“智慧通关”模式",
            "source": "《深圳特区报》",
            "date": dt.date(2024, 3, 6),
        },
        {"title": "前海跨境物流服务中心揭牌", "toc": False, "source_line": False},
        {
            "title": "交通运输部：加快国际物流供应链体系建设",
            "source": "交通运输部网站",
            "date": dt.date(2024, 3, 4),
        },
        {"title": "海关总署推出促进跨境电商发展十条措施", "toc": False, "source": "海关总署"},
        {"title": "1-2月全国跨境电商进出口3853亿元", "date": dt.date(2024, 3, 7)},
        {"title": "中欧班列开行量同比增长9%", "source": "人民网", "date": dt.date(2024, 3, 5)},
        {"title": "全球集装箱运价指数环比下降4.3%", "toc": False, "date": dt.date(2024, 3, 7)},
        {
            "title": "王小明：跨境物流要补齐海外仓短板",
            "source": "《国际商报》",
            "date": dt.date(2024, 3, 1),
            "author": "王小明",
            "affiliation": "华南理工大学经济与金融学院教授",
        },
        {"title": "跨境电商物流管理实务", "toc": False, "source_line": False},
        {"title": "国际货运代理操作指南", "toc": False, "source_line": False},
    ]


def test_weekly_bodies(weekly: ImportResult) -> None:
    paths = articles(weekly)
    policy = body(paths[4])
    assert "\n\n- 完善国际海运网络，提升远洋运输船队规模和国际竞争力；\n- 加快" in policy
    assert "\n\n**强化政策保障。**《意见》要求" in policy
    expert = body(paths[9])
    assert re.findall(r"^## .*$", expert, re.M) == [
        "## 海外仓布局仍不均衡",
        "## 数字化水平有待提升",
    ]
    assert "文／王小明" not in expert
    assert body(paths[10]).startswith("\n## 内容提要\n\n本书系统介绍了")
    # the paragraph the page break split is one paragraph again
    assert "为企业降低物流成本和时间成本。\n" in body(paths[2])
    # the source glued to the end of its paragraph is not in the text
    assert "来源" not in body(paths[5])


def test_weekly_keeps_every_han_character_in_order(weekly: ImportResult) -> None:
    lines = WEEKLY.read_text(encoding="utf-8").splitlines()
    start = max(i for i, line in enumerate(lines) if line == "【口岸动态】")
    end = next(i for i, line in enumerate(lines) if line.startswith("编辑部地址"))
    seed = han(
        "".join(
            re.sub(r"[（(]?来源[:：].*$|^文／", "", line)  # labels the fields replace
            for line in lines[start:end]
            if not re.fullmatch(r"【.+】", line)
        )
    )
    imported = ""
    for path in articles(weekly):
        front = front_matter(path)
        byline = (front.get("author") or "") + (front.get("affiliation") or "")
        imported += han(front["title"]) + han(byline) + han(body(path))
    assert imported == seed


def test_weekly_review_is_only_what_needs_a_look(weekly: ImportResult) -> None:
    assert review_lines(weekly) == [
        (53, "no source line found: written with source_line: false"),
        (119, "no cover picture in the text: add image: if there is one"),
        (125, "no cover picture in the text: add image: if there is one"),
    ]


def test_weekly_is_valid_content(weekly: ImportResult) -> None:
    from typesetter.content import load_issue

    issue, warnings = load_issue(weekly.issue_dir)
    assert len(issue.sections) == 5
    assert warnings == []


# One text per rule --------------------------------------------------------------------


def test_broken_cover_is_written_with_guesses_and_review(tmp_path: Path) -> None:
    result = run(tmp_path, "broken-cover.txt")
    issue = issue_yaml(result)
    assert issue["publication"] == "浙东电商简报"  # from the editor, found on the cover
    assert "kicker" not in issue
    assert issue["number"] is None
    assert issue["date"] == dt.date(2024, 5, 21)
    assert issue["year"] == 2024
    assert issue["publisher"] is None
    text = (result.issue_dir / "issue.yaml").read_text(encoding="utf-8")
    assert "number: null  # REVIEW: number not found in the text (fill in 第N期)" in text
    assert "date: 2024-05-21  # REVIEW: date not found in the text" in text
    assert review_lines(result) == [
        (0, "date not found in the text (guessed: the latest article date)"),
        (0, "no contents found on the cover: every article is listed (toc)"),
        (0, "number not found in the text (fill in 第N期)"),
        (0, "publisher not found in the text (主办单位)"),
        (0, "year not found in the text (guessed from the date)"),
        (3, "cover line not placed: “第  期”"),
    ]
    assert all("toc" not in front_matter(p) for p in articles(result))


def test_article_without_source_line_and_guessed_boundary(tmp_path: Path) -> None:
    result = run(tmp_path, "no-source.txt")
    fronts = [front_matter(p) for p in articles(result)]
    assert [f["title"] for f in fronts] == [
        "甲市出台促进电商发展新政",
        "乙县农产品电商销售额增长三成",
        "丙市发布直播电商三年行动方案",
        "丁区召开电商企业座谈会",
    ]
    assert fronts[0]["source_line"] is False
    assert fronts[1] == {"title": "乙县农产品电商销售额增长三成", "date": dt.date(2024, 1, 30)}
    assert fronts[3]["source_line"] is False
    assert re.findall(r"^## .*$", body(articles(result)[2]), re.M) == ["## 主要目标", "## 重点任务"]
    assert (9, "no source line found: written with source_line: false") in review_lines(result)
    assert (35, "no source line found: written with source_line: false") in review_lines(result)
    guessed = [m for line, m in review_lines(result) if line == 13]
    assert guessed == [
        "guessed an article boundary: “乙县农产品电商销售额增长三成” taken as a title"
        " (it could be a subheading)"
    ]
    first = (result.issue_dir / issue_yaml(result)["sections"][0]["articles"][0]).read_text(
        encoding="utf-8"
    )
    assert first.startswith(
        "---\n# REVIEW (text line 9): no source line found: written with source_line: false\n"
    )


def test_paragraph_and_list_item_split_by_page_break_are_rejoined(tmp_path: Path) -> None:
    result = run(tmp_path, "page-break.txt")
    (path,) = articles(result)
    assert body(path) == (
        "\n这是第一段，它很长很长，在印刷版里跨越了两页，抽取出来的文本在页面断开的地方被切成了"
        "两行，中间还隔着一个页码，这一段应当重新接成一段。\n\n"
        "第二段是完整的一段。\n\n"
        "- 列表项一也很长，同样被分页打断了，抽取出来的文本在页面断开的地方被切成了两行，"
        "中间有空行，这一项应当接回列表项一。\n"
        "- 列表项二。\n"
    )
    assert result.changes["page_number"] == 1


def test_text_that_is_not_an_issue_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as error:
        run(tmp_path, "not-an-issue.txt")
    assert "not an issue" in str(error.value)
    assert not (tmp_path / "issue").exists()


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "gbk.txt"
    text.write_bytes("【要闻】\n标题\n正文。\n".encode("gbk"))
    with pytest.raises(ContentError, match="not UTF-8"):
        import_text(text, tmp_path / "out")


def test_existing_folder_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "issue"
    target.mkdir()
    (target / "images").mkdir()
    (target / "images" / "keep.png").write_bytes(b"x")
    (target / "articles").mkdir()
    (target / "articles" / "99-old.md").write_text("old", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        import_text(WEEKLY, target)
    assert error.value.problems[0].message == "already exists"
    assert error.value.problems[0].hint == "pass --force to replace it"
    result = import_text(WEEKLY, target, force=True)
    assert not (target / "articles" / "99-old.md").exists()
    assert (target / "images" / "keep.png").exists()
    assert len(result.files) == 14


def test_layout_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("typesetter.importer.available_layouts", lambda: ["newsletter", "bulletin"])
    result = import_text(WEEKLY, tmp_path / "issue", layout="bulletin")
    assert issue_yaml(result)["layout"] == "bulletin"


def test_report_is_printed_form_and_saved(weekly: ImportResult) -> None:
    report = format_report(weekly)
    assert report == (weekly.issue_dir / "import-report.txt").read_text(encoding="utf-8")
    lines = report.splitlines()
    assert lines[0] == f"import {WEEKLY} → {weekly.issue_dir}"
    assert lines[1] == "12 articles in 5 sections, 7 in the table of contents; 14 files written"
    assert f"  {WEEKLY}:53: no source line found: written with source_line: false\n" in report
    assert re.search(r"^\s+\d+  half-width punctuation set full-width$", report, re.M)
    assert weekly.changes["punctuation"] > 0
    assert lines[-4] == "3 items to review:"


def test_article_file_names_are_ascii_and_numbered(weekly: ImportResult) -> None:
    names = [p.name for p in articles(weekly)]
    assert all(re.fullmatch(r"\d\d-[a-z0-9]+(-[a-z0-9]+)*\.md", n) for n in names), names
    assert [n[:2] for n in names] == [f"{i:02d}" for i in range(1, 13)]


def test_cover_contents_scrambled_lines_groups_and_fuzzy_titles(tmp_path: Path) -> None:
    result = run(tmp_path, "cover-toc.txt")
    issue = issue_yaml(result)
    assert (issue["kicker"], issue["publication"], issue["number"], issue["total"]) == (
        "要闻速览",
        "示例周刊",
        7,
        88,
    )
    assert issue["publisher"] == "示例市商务研究中心"
    assert [(s["title"], s.get("toc_title")) for s in issue["sections"]] == [
        ("要闻", None),
        ("政策解读", None),
        ("数据", None),
    ]
    fronts = [front_matter(p) for p in articles(result)]
    assert [f["title"] for f in fronts if f.get("toc", True) is False] == ["庚市电商产业园招商"]
    # the body's balanced 「…」 title is kept over the cover's broken one
    assert fronts[6]["title"] == "己地快递业务量「再创新高」"
    assert review_lines(result) == [
        (
            13,
            "the cover lists “辛地物流指数回升”, taken as “辛地物流景气指数回升”"
            " (the titles differ)",
        )
    ]
    assert format_report(result).splitlines()[-2] == "1 item to review:"


def test_title_wrapped_over_two_lines_is_joined(tmp_path: Path) -> None:
    result = run(tmp_path, "wrapped-title.txt")
    (path,) = articles(result)
    assert (
        front_matter(path)["title"] == "国家版权局等四部门启动专项行动 深入开展电商平台版权专项整治"
    )
    assert body(path).startswith("\n近日，国家版权局等四部门")
    assert (11, "title continued on the next line: the two lines joined") in review_lines(result)


def test_text_without_section_headings_gets_one_section_to_name(tmp_path: Path) -> None:
    result = run(tmp_path, "no-sections.txt")
    issue = issue_yaml(result)
    assert [(s["title"], len(s["articles"])) for s in issue["sections"]] == [("简讯", 2)]
    assert (issue["year"], issue["number"], issue["date"]) == (2024, 9, dt.date(2024, 9, 1))
    assert [front_matter(p)["title"] for p in articles(result)] == [
        "甲地电商节开幕",
        "乙地上线农产品直播间",
    ]
    assert (
        5,
        "no 【…】 section heading before the first article: section title needed",
    ) in review_lines(result)
    text = (result.issue_dir / "issue.yaml").read_text(encoding="utf-8")
    assert "colophon:  # REVIEW: colophon address (编辑部地址) not found in the text" in text


def test_variants_glued_heading_split_source_and_colophon_on_the_cover(tmp_path: Path) -> None:
    result = run(tmp_path, "variants.txt")
    issue = issue_yaml(result)
    assert issue["colophon"] == {
        "address": "成都市武侯区天府大道100号",
        "postcode": "610041",
        "phone": "028-12345678",
    }
    assert issue["publisher"] == "西部电子商务研究会"
    assert (issue["number"], issue["total"], issue["date"]) == (11, 201, dt.date(2024, 6, 15))
    assert [s["title"] for s in issue["sections"]] == ["本期关注"]
    fronts = [front_matter(p) for p in articles(result)]
    assert fronts == [
        {"title": "成渝共建跨境电商走廊", "source": "《四川日报》", "date": dt.date(2024, 6, 12)},
        {"title": "贵州上线跨境电商公共服务平台", "date": dt.date(2024, 6, 13)},
    ]
    assert review_lines(result) == [
        (0, "no contents found on the cover: every article is listed (toc)")
    ]


def test_page_furniture_tables_and_shortened_cover_titles(tmp_path: Path) -> None:
    result = run(tmp_path, "furniture.txt")
    first, second = articles(result)
    assert body(first).endswith(
        "各省情况如下：\n\n上海 增长8.1%\n\n江苏 增长10.2%\n\n浙江 增长11.0%\n"
    )
    assert body(second) == (
        "\n一季度华南地区跨境电商出口订单环比回升，其中广东、福建两省增幅居前，海外仓使用率也"
        "同步提高，企业备货更加积极。\n\n据行业协会调查，超过六成受访企业表示二季度订单将继续增长。\n"
    )
    assert all("toc" not in front_matter(p) for p in (first, second))
    assert review_lines(result) == [
        (
            6,
            "the cover lists “华南跨境电商”, taken as “华南跨境电商出口订单明显回升”"
            " (the titles differ)",
        ),
        (18, "short lines in a row (a table or a list?): kept as they are"),
        (26, "“页面杂项测试 2024年第6期” repeated 3 times (a running header?): left out"),
    ]
    assert result.changes["page_number"] == 1


def test_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "issue"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ContentError, match="exists and is not a folder"):
        import_text(WEEKLY, target, force=True)
