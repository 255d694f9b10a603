"""Article bodies → HTML fragments: the Markdown subset, its checks and their line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PNG

from typesetter.errors import Problem
from typesetter.markdown import render_body

PATH = "content/t/articles/01.md"


def render(body: str, issue_dir: Path | None = None, first_line: int = 10) -> tuple[str, list[str]]:
    html, problems = render_body(
        body,
        display_path=PATH,
        first_line=first_line,
        issue_dir=issue_dir or Path("/nonexistent-issue"),
        anchor="a-01",
        display_dir="content/t",
    )
    return html, [str(p) for p in problems]


def html_of(body: str, issue_dir: Path | None = None) -> str:
    html, problems = render(body, issue_dir)
    assert problems == []
    return html


@pytest.fixture
def issue_dir(tmp_path: Path) -> Path:
    (tmp_path / "images").mkdir()
    (tmp_path / "images/chart.png").write_bytes(PNG)
    return tmp_path


def test_paragraphs_and_bold_lead_ins() -> None:
    body = "**一是发展数字贸易，加快贸易强国建设。**积极推动出台政策。\n\n第二段。\n"
    assert html_of(body) == (
        "<p><strong>一是发展数字贸易，加快贸易强国建设。</strong>积极推动出台政策。</p>\n"
        "<p>第二段。</p>\n"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("中国**“加快”**发展", "<p>中国<strong>“加快”</strong>发展</p>\n"),
        ("**三是合作。**2022年", "<p><strong>三是合作。</strong>2022年</p>\n"),
        ("2023年**“数商兴农”**2024", "<p>2023年<strong>“数商兴农”</strong>2024</p>\n"),
        ("Temu**（拼多多）**上线", "<p>Temu<strong>（拼多多）</strong>上线</p>\n"),
        ("测试*强调。*文字", "<p>测试<em>强调。</em>文字</p>\n"),
        ("a **b** c", "<p>a <strong>b</strong> c</p>\n"),
        ("5 * 3 * 2", "<p>5 * 3 * 2</p>\n"),
        ("~~删除~~", "<p><s>删除</s></p>\n"),
    ],
)
def test_emphasis_next_to_chinese(body: str, expected: str) -> None:
    assert html_of(body) == expected


def test_text_is_escaped() -> None:
    assert html_of('a < b & "c" > d') == "<p>a &lt; b &amp; &quot;c&quot; &gt; d</p>\n"


def test_subheadings_get_ids() -> None:
    assert html_of("## 数字全球化\n\n### 小节\n\n## 再一个\n") == (
        '<h2 id="a-01-h1">数字全球化</h2>\n<h3 id="a-01-h2">小节</h3>\n'
        '<h2 id="a-01-h3">再一个</h2>\n'
    )


def test_level_one_and_four_headings_are_errors() -> None:
    _, problems = render("# 标题\n\n正文\n\n#### 太深\n\n标题二\n===\n")
    assert problems == [
        f"{PATH}:10: level-1 heading '标题' is not allowed"
        " (the title comes from the front matter; use ## or ###)",
        f"{PATH}:14: level-4 heading '太深' is not allowed (use ## or ###)",
        f"{PATH}:16: level-1 heading '标题二' is not allowed"
        " (the title comes from the front matter; use ## or ###)",
    ]


def test_lists_are_tight() -> None:
    assert html_of("- 一是……\n- 二是……\n") == "<ul>\n<li>一是……</li>\n<li>二是……</li>\n</ul>\n"
    assert html_of("1. 一\n\n2. 二\n") == "<ol>\n<li>一</li>\n<li>二</li>\n</ol>\n"
    assert html_of("- 一\n\n  续\n- 二\n") == (
        "<ul>\n<li>\n<p>一</p>\n<p>续</p>\n</li>\n<li>二</li>\n</ul>\n"
    )


def test_tables() -> None:
    body = "| 指标 | 数值 |\n|:--|--:|\n| 网络经济指数 | 2739.0 |\n"
    assert html_of(body) == (
        "<table>\n<thead>\n<tr>\n"
        '<th style="text-align:left">指标</th>\n<th style="text-align:right">数值</th>\n'
        "</tr>\n</thead>\n<tbody>\n<tr>\n"
        '<td style="text-align:left">网络经济指数</td>\n<td style="text-align:right">2739.0</td>\n'
        "</tr>\n</tbody>\n</table>\n"
    )


def test_footnotes_are_spans_at_the_reference() -> None:
    body = "正文[^1]，再引[^1]，内联^[内联注]。\n\n[^1]: 注释**一**\n\n    第二段\n"
    assert html_of(body) == (
        '<p>正文<span class="footnote">注释<strong>一</strong><br />第二段</span>，再引，'
        '内联<span class="footnote">内联注</span>。</p>\n'
    )


def test_images(issue_dir: Path) -> None:
    assert html_of("![图1 2023年跨境电商进出口额](images/chart.png)\n", issue_dir) == (
        '<figure><img src="images/chart.png" alt="" />'
        "<figcaption>图1 2023年跨境电商进出口额</figcaption></figure>\n"
    )
    assert html_of("![](images/chart.png)\n", issue_dir) == (
        '<figure><img src="images/chart.png" alt="" /></figure>\n'
    )
    assert html_of("文字![图](images/chart.png){height=1em}文字\n", issue_dir) == (
        '<p>文字<img src="images/chart.png" alt="图" />文字</p>\n'
    )


def test_image_with_non_ascii_name(issue_dir: Path) -> None:
    (issue_dir / "images/图表.png").write_bytes(PNG)
    html = html_of("![图](images/图表.png)\n", issue_dir)
    assert '<img src="images/%E5%9B%BE%E8%A1%A8.png" alt="" />' in html


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        (
            "images/none.png",
            "image 'images/none.png' not found (no file content/t/images/none.png)",
        ),
        ("../x.png", "image '../x.png' is outside the issue folder (paths must stay inside it)"),
        (
            "/etc/passwd",
            "image '/etc/passwd' is an absolute path (give a path relative to the issue folder)",
        ),
        (
            "http://x.org/a.png",
            "image 'http://x.org/a.png' is a URL"
            " (URLs are never fetched; put the file in the issue folder and give its path)",
        ),
        (
            "data:image/png;base64,AAAA",
            "image 'data:image/png;base64,AAAA' is a URL"
            " (URLs are never fetched; put the file in the issue folder and give its path)",
        ),
    ],
)
def test_bad_image_paths(issue_dir: Path, ref: str, expected: str) -> None:
    _, problems = render(f"正文\n\n![图]({ref})\n", issue_dir)
    assert problems == [f"{PATH}:12: {expected}"]


def test_raw_html_is_an_error_with_its_line() -> None:
    html, problems = render(
        "正文\n<span>内联</span>\n\n<div>\n块\n</div>\n\n<script>x()</script>\n"
    )
    assert problems == [
        f"{PATH}:11: raw HTML '<span>' is not allowed (write Markdown; HTML is never printed)",
        f"{PATH}:13: raw HTML '<div>' is not allowed (write Markdown; HTML is never printed)",
        f"{PATH}:17: raw HTML '<script>' is not allowed (write Markdown; HTML is never printed)",
    ]
    assert "<span>" not in html and "<div>" not in html and "script" not in html


def test_html_comments_are_dropped_silently() -> None:
    assert html_of("<!-- 编者注 -->\n\n正文<!-- 内联 -->。\n") == "<p>正文。</p>\n"


def test_links() -> None:
    assert html_of("[商务部](https://www.mofcom.gov.cn) <mailto:a@b.cn>") == (
        '<p><a href="https://www.mofcom.gov.cn">商务部</a> '
        '<a href="mailto:a@b.cn">mailto:a@b.cn</a></p>\n'
    )
    html, problems = render("[别处](other.md) [脚本](javascript:alert(1))\n")
    assert html == "<p>别处 脚本</p>\n"
    hint = "links must be http:, https: or mailto: addresses; the text is printed without a link"
    assert problems == [
        f"{PATH}:10: warning: link 'other.md' is not a web or mail address ({hint})",
        f"{PATH}:10: warning: link 'javascript:alert(1)' is not a web or mail address ({hint})",
    ]


def test_half_width_punctuation_warnings_with_lines() -> None:
    body = "第一行\n中国,上海:深圳;广州(番禺)好?是!吗\n\n`代码,里`不算,对English, ok\n\n- 列表,项\n"
    html, problems = render(body)
    warning = "warning: half-width '{0}' between Han characters (use '{1}')"
    expected = [
        (11, ",", "，"),
        (11, ":", "："),
        (11, ";", "；"),
        (11, "(", "（"),
        (11, ")", "）"),
        (11, "?", "？"),
        (11, "!", "！"),
        (13, ",", "，"),
        (15, ",", "，"),
    ]
    assert problems == [f"{PATH}:{line}: {warning.format(a, b)}" for line, a, b in expected]
    assert "中国,上海:深圳" in html


def test_problems_carry_severity() -> None:
    _, problems = render_body(
        "中,文\n\n<b>x</b>\n", display_path="a.md", first_line=1, issue_dir=Path("/"), anchor="a"
    )
    assert problems == [
        Problem("a.md", 1, "half-width ',' between Han characters", "use '，'", "warning"),
        Problem(
            "a.md", 3, "raw HTML '<b>' is not allowed", "write Markdown; HTML is never printed"
        ),
    ]


def test_code_is_escaped() -> None:
    assert html_of("```\n<b>&</b>\n```\n") == "<pre><code>&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>\n"
