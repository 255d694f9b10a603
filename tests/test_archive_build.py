"""The archive job, rendering: catalog, index page, annual index, a broken issue among good
ones, a run killed with SIGKILL and resumed, shards merged with --index-only.

One small archive (three issues over two years, nested folders) is built once per session;
the other tests copy its content and output folders and change what they test.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pypdf
import pytest
from conftest import write_issue

from typesetter.archive import ArchiveOptions, index_only, run_archive
from typesetter.options import Edition, PrintOptions
from typesetter.resources import FONTS_DIR, LAYOUTS_DIR

REPO = Path(__file__).resolve().parent.parent
LONG = "".join(
    f"第{n}段。" + "数字经济发展具有广阔空间，要统筹发展和安全。" * 9 + "\n\n" for n in range(14)
)


@dataclasses.dataclass
class Built:
    root: Path
    out: Path
    options: ArchiveOptions
    report: dict[str, Any]
    pdfs: dict[str, bytes]


def write_archive(root: Path) -> None:
    write_issue(
        root / "2022",
        name="2022-01",
        issue={"year": 2022, "number": 1, "total": 280, "date": "2022-01-05"},
    )
    write_issue(
        root / "2022",
        name="2022-02",
        issue={"year": 2022, "number": 2, "total": 281, "date": "2022-01-20"},
        articles={
            "01-long": {"title": "一篇长文", "source": "《文汇报》", "body": LONG},
            "02-after": {"title": "长文之后", "body": "正文。\n"},
        },
    )
    write_issue(
        root / "nested" / "2023",
        name="2023-05",
        issue={
            "year": 2023,
            "number": 5,
            "total": None,
            "date": "2023-03-05",
            "sections": [
                {"title": "行业资讯", "articles": ["articles/01-a.md"]},
                {"title": "专家视点", "articles": ["articles/02-b.md"]},
            ],
        },
        articles={"01-a": {"title": "甲文"}, "02-b": {"title": "乙文", "author": "杨长湧"}},
    )


def isolated(root: Path, out: Path, snapshot: Path) -> ArchiveOptions:
    """Options whose fingerprints read snapshots of the code and layouts, so that other
    work in the tree cannot change the decisions a test checks."""
    return ArchiveOptions(
        root,
        out,
        jobs=1,
        layouts_dir=snapshot / "layouts",
        fonts_dir=FONTS_DIR,
        package_dir=snapshot / "typesetter",
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("archive")
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "typesetter", base / "snapshot" / "typesetter", ignore=ignore)
    shutil.copytree(LAYOUTS_DIR, base / "snapshot" / "layouts", ignore=ignore)
    write_archive(base / "content")
    options = isolated(base / "content", base / "out", base / "snapshot")
    report = run_fresh(options)
    assert report["exit_code"] == 0, report
    pdfs = {p.name: p.read_bytes() for p in options.out_dir.glob("*.pdf")}
    return Built(base / "content", base / "out", options, report, pdfs)


FRESH = """
import json, sys
from pathlib import Path
from typesetter.archive import ArchiveOptions, index_only, run_archive
args = json.loads(sys.argv[1])
paths = {k: Path(v) for k, v in args["paths"].items()}
shard = tuple(args["shard"]) if args["shard"] else None
options = ArchiveOptions(**paths, jobs=args["jobs"], shard=shard)
result = (index_only if args["index_only"] else run_archive)(options)
print(json.dumps({**result.to_json(), "exit_code": result.exit_code,
                  "weasyprint": "weasyprint" in sys.modules}))
"""


def run_fresh(options: ArchiveOptions, *, index: bool = False) -> dict[str, Any]:
    """run_archive (or index_only) in a fresh process: a clean build, whatever the tests
    before did to this process (fontconfig, patches); its report as JSON."""
    names = ("content_root", "out_dir", "layouts_dir", "fonts_dir", "package_dir")
    args = {
        "paths": {name: str(getattr(options, name)) for name in names},
        "jobs": options.jobs,
        "shard": options.shard,
        "index_only": index,
    }
    done = subprocess.run(
        [sys.executable, "-c", FRESH, json.dumps(args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return report


def catalog(out: Path, name: str = "catalog.json") -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = json.loads((out / name).read_text(encoding="utf-8"))["issues"]
    return issues


def page_texts(pdf: Path) -> list[str]:
    return [re.sub(r"\s", "", page.extract_text()) for page in pypdf.PdfReader(pdf).pages]


def copy_built(built: Built, tmp_path: Path) -> ArchiveOptions:
    shutil.copytree(built.root, tmp_path / "content")
    shutil.copytree(built.out, tmp_path / "out")
    return dataclasses.replace(
        built.options, content_root=tmp_path / "content", out_dir=tmp_path / "out"
    )


def archive_command(root: Path, out: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "typesetter", "archive", str(root), "-o", str(out), *options]


def test_the_archive_is_built(built: Built) -> None:
    assert sorted(built.pdfs) == [
        "2022-01.pdf",
        "2022-02.pdf",
        "2023-05.pdf",
        "annual-2022.pdf",
        "annual-2023.pdf",
    ]
    assert [(i["name"], i["status"]) for i in built.report["issues"]] == [
        ("2022-01", "built"),
        ("2022-02", "built"),
        ("2023-05", "built"),
    ]
    assert built.report["pages"] == sum(r["pages"] for r in catalog(built.out))


def test_catalog_content(built: Built) -> None:
    records = catalog(built.out)
    assert [r["name"] for r in records] == ["2022-01", "2022-02", "2023-05"]
    first = records[0]
    assert {k: v for k, v in first.items() if k not in ("articles", "sha256", "pages")} == {
        "name": "2022-01",
        "publication": "电子商务动态",
        "publisher": "上海市电子商务和消费促进中心（联合国贸易网络上海中心）",
        "year": 2022,
        "number": 1,
        "total": 280,
        "date": "2022-01-05",
        "layout": "newsletter",
        "file": "2022-01.pdf",
        "edition": "print",
    }
    assert first["articles"][0] == {
        "section": "行业资讯",
        "title": "国务院：促进数字技术与实体经济深度融合",
        "source": "《文汇报》",
        "source_line": "来源：《文汇报》　编选：《电子商务动态》编辑部　2023年08月22日",
        "date": "2023-08-22",
        "page": 2,
        "last_page": 2,
        "file": "articles/01-guowuyuan.md",
        "anchor": first["articles"][0]["anchor"],
    }
    assert first["articles"][1]["source"] is None
    assert records[2]["total"] is None
    assert [a["section"] for a in records[2]["articles"]] == ["行业资讯", "专家视点"]
    import hashlib

    for record in records:
        pdf = built.out / record["file"]
        assert hashlib.sha256(pdf.read_bytes()).hexdigest() == record["sha256"]
        assert len(pypdf.PdfReader(pdf).pages) == record["pages"]


def test_first_pages_come_from_the_rendered_document(built: Built) -> None:
    for record in catalog(built.out):
        texts = page_texts(built.out / record["file"])
        for article in record["articles"]:
            page = article["page"]
            assert article["title"] in texts[page - 1], (record["name"], article)
            # not on an earlier inner page (page 1, the cover, lists every title)
            assert all(article["title"] not in t for t in texts[1 : page - 1])
    long_issue = catalog(built.out)[1]["articles"]
    assert long_issue[0]["page"] == 2
    assert long_issue[1]["page"] >= 3, "the long article pushes the next one on"
    # the page map's last pages: the long article runs on to the page the next one starts
    assert long_issue[0]["last_page"] == long_issue[1]["page"]
    assert long_issue[1]["last_page"] == long_issue[1]["page"]


def test_annual_index_page_references(built: Built) -> None:
    text = "".join(page_texts(built.out / "annual-2022.pdf"))
    assert text.startswith("年度总目录电子商务动态2022年第1—2期共2期4篇")
    for record in catalog(built.out)[:2]:
        for article in record["articles"]:
            reference = f"{re.escape(article['title'])}\\.+第{record['number']}期{article['page']}"
            assert re.search(reference, text), reference
    assert "甲文" not in text
    text_2023 = "".join(page_texts(built.out / "annual-2023.pdf"))
    assert re.search(r"行业资讯甲文\.+第5期2专家视点乙文\.+第5期2", text_2023), text_2023


def test_index_page(built: Built) -> None:
    html = (built.out / "index.html").read_text(encoding="utf-8")
    assert html.index("<h2>2023年</h2>") < html.index("<h2>2022年</h2>")
    links = re.findall(r'href="([^"]+)"', html)
    assert links == [
        "annual-2023.pdf",
        "2023-05.pdf",
        "annual-2022.pdf",
        "2022-02.pdf",  # newest first
        "2022-01.pdf",
    ]
    assert ">2022年第2期（总281期）</a>" in html
    assert ">2023年第5期</a>" in html


def test_an_unchanged_archive_is_skipped_and_nothing_rewritten(built: Built) -> None:
    stamps = {p.name: p.stat().st_mtime_ns for p in built.out.iterdir() if p.is_file()}
    result = run_archive(built.options)
    assert (result.count("built"), result.count("skipped"), result.exit_code) == (0, 3, 0)
    assert {p.name: p.stat().st_mtime_ns for p in built.out.iterdir() if p.is_file()} == stamps


def test_a_broken_issue_among_good_ones(built: Built, tmp_path: Path) -> None:
    options = copy_built(built, tmp_path)
    broken = options.content_root / "2022" / "2022-01" / "articles" / "01-guowuyuan.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("2023-08-22", "2023-13-01"))
    changed = options.content_root / "nested" / "2023" / "2023-05" / "articles" / "01-a.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补记。\n", encoding="utf-8")

    result = run_archive(options)

    assert [(i.name, i.status) for i in result.issues] == [
        ("2022-01", "failed"),
        ("2022-02", "skipped"),
        ("2023-05", "built"),
    ]
    display = options.content_root / "2022" / "2022-01"
    assert [str(p) for p in result.issues[0].problems] == [
        f"{display}/articles/01-guowuyuan.md:4: date: not a valid date ('2023-13-01') "
        "(write YYYY-MM-DD, e.g. 2023-09-05)"
    ]
    assert result.exit_code == 1
    assert (options.out_dir / "2022-01.pdf").read_bytes() == built.pdfs["2022-01.pdf"]
    assert (options.out_dir / "2023-05.pdf").read_bytes() != built.pdfs["2023-05.pdf"]
    assert [r["name"] for r in catalog(options.out_dir)] == ["2022-01", "2022-02", "2023-05"]

    cli = subprocess.run(
        archive_command(
            options.content_root, options.out_dir, "-j", "1", "--report", str(tmp_path / "r.json")
        ),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cli.returncode == 1
    assert f"{display}/articles/01-guowuyuan.md:4: date: not a valid date" in cli.stderr
    assert re.search(r"^archive: built=\d+ skipped=\d+ failed=1 ", cli.stderr, re.MULTILINE)
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["failed"] == 1
    assert report["issues"][0]["errors"][0].startswith(f"{display}/articles/01-guowuyuan.md:4:")


def test_a_killed_run_resumes_and_matches_a_clean_build(built: Built, tmp_path: Path) -> None:
    shutil.copytree(built.root, tmp_path / "content")
    out = tmp_path / "out"
    command = archive_command(tmp_path / "content", out, "-j", "2")
    job = subprocess.Popen(
        command,
        cwd=REPO,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not [p for p in out.glob("*.pdf") if not p.name.startswith(".")]:
        assert job.poll() is None, "the job ended before it wrote a PDF"
        assert time.monotonic() < deadline, "no PDF after 120 s"
        time.sleep(0.02)
    os.killpg(job.pid, signal.SIGKILL)
    job.wait()

    for pdf in out.glob("*.pdf"):
        assert pdf.read_bytes() == built.pdfs[pdf.name], f"{pdf.name} is half-written"
    recorded = [p.stem for p in (out / "manifest").glob("2*.json")]

    rerun = subprocess.run(
        [*command, "--report", str(tmp_path / "report.json")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["skipped"] == len(recorded)
    assert report["built"] == 3 - len(recorded)
    # At most the two workers, plus the main process when it built a lone issue itself.
    assert 1 <= len(report["peak_rss_mb_per_worker"]) <= 3 or report["built"] == 0
    assert all(20 < mb < 1000 for mb in report["peak_rss_mb_per_worker"].values())
    assert sorted(p.name for p in out.glob("*.pdf")) == sorted(built.pdfs)
    for name, data in built.pdfs.items():
        assert len(pypdf.PdfReader(out / name).pages) >= 1
        assert (out / name).read_bytes() == data, f"{name} differs from a clean build"
    assert not [p for p in out.rglob("*.tmp")]
    assert catalog(out) == catalog(built.out)


def test_shards_merge_with_index_only(built: Built, tmp_path: Path) -> None:
    options = copy_built(built, tmp_path)
    out = options.out_dir
    for name in ["catalog.json", "index.html", "annual-2022.pdf", "annual-2023.pdf"]:
        (out / name).unlink()
    for digest in (out / "manifest").glob("_annual-*"):
        digest.unlink()

    names = []
    for k in (1, 2):
        report = run_fresh(dataclasses.replace(options, shard=(k, 2)))
        assert report["built"] == 0
        names.append([r["name"] for r in catalog(out, f"catalog.shard-{k}-of-2.json")])
    assert sorted(names[0] + names[1]) == ["2022-01", "2022-02", "2023-05"]
    assert not (out / "catalog.json").exists()

    merged = run_fresh(options, index=True)

    assert merged["exit_code"] == 0
    assert catalog(out) == catalog(built.out)
    assert (out / "index.html").read_bytes() == (built.out / "index.html").read_bytes()
    for annual in ("annual-2022.pdf", "annual-2023.pdf"):
        assert (out / annual).read_bytes() == built.pdfs[annual]


def test_index_only_names_issues_no_catalog_has(built: Built, tmp_path: Path) -> None:
    options = copy_built(built, tmp_path)
    write_issue(options.content_root, name="2023-06", issue={"year": 2023, "number": 6})
    result = index_only(options)
    assert result.exit_code == 1
    assert [str(p) for p in result.problems] == [
        f"{options.content_root}/2023-06: not in any catalog "
        "(build it first (with the shard it belongs to))"
    ]


def test_screen_edition(tmp_path: Path) -> None:
    write_issue(tmp_path / "content", name="2024-01", issue={"year": 2024, "number": 1})
    options = ArchiveOptions(
        tmp_path / "content", tmp_path / "out", jobs=1, printing=PrintOptions(Edition.SCREEN)
    )
    result = run_archive(options)
    assert result.exit_code == 0, [str(p) for i in result.issues for p in i.problems]
    assert sorted(p.name for p in options.out_dir.glob("*.pdf")) == [
        "2024-01.screen.pdf",
        "annual-2024.screen.pdf",
    ]
    assert catalog(options.out_dir, "catalog.screen.json")[0]["file"] == "2024-01.screen.pdf"


def test_the_no_change_path_neither_renders_nor_imports_weasyprint(built: Built) -> None:
    report = run_fresh(dataclasses.replace(built.options, jobs=2))
    assert (report["skipped"], report["built"], report["weasyprint"]) == (3, 0, False)
