"""The acceptance case of issue 14: an office keeps its own layout beside its issues,
outside the typesetter's repository, and builds and proofs clean.

tests/data/office/ is the office's content repository: ``layouts/ourweekly`` extends the
built-in newsletter with no copied CSS or template — layout.yaml changes the accent, puts
a logo beside the masthead and writes the issue line as 总第N期; extra.css is appended;
colophon.html.j2 overrides one block. The seed issue is copied beside it, in a folder
outside the repository, and built once for this module, from there, in a fresh process."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

OFFICE = ROOT / "tests" / "data" / "office"
SEED = ROOT / "content" / "2023-17"


@dataclass
class OfficeBuild:
    office: Path
    issue: Path
    pdf: Path
    result: subprocess.CompletedProcess[str]

    def text(self, first: int | None = None, last: int | None = None) -> str:
        """The PDF's text, white space removed (Han–Western gaps print as spaces)."""
        args = ["pdftotext", "-enc", "UTF-8"]
        args += ["-f", str(first)] if first else []
        args += ["-l", str(last)] if last else []
        out = subprocess.run([*args, str(self.pdf), "-"], capture_output=True, check=True)
        return "".join(out.stdout.decode("utf-8").split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> OfficeBuild:
    office = tmp_path_factory.mktemp("office") / "our-office"
    shutil.copytree(OFFICE, office)
    issue = office / "2023-17"
    shutil.copytree(SEED, issue)
    yaml_path = issue / "issue.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    text = text.replace("\nlayout: newsletter\n", "\nlayout: ourweekly\n")
    text = text.replace("\ntotal: 294\n", "\ntotal: 118\n")
    yaml_path.write_text(text, encoding="utf-8")
    pdf = office / "out" / "2023-17.pdf"
    result = run_cli("build", "2023-17", "-o", str(pdf), "--proof", cwd=office)
    return OfficeBuild(office, issue, pdf, result)


def test_it_is_outside_the_repository(built: OfficeBuild) -> None:
    assert not built.issue.resolve().is_relative_to(ROOT)
    layout = built.office / "layouts" / "ourweekly"
    assert sorted(p.name for p in layout.iterdir()) == [
        "colophon.html.j2",
        "extra.css",
        "layout.yaml",
        "logo.png",
    ]  # no copied newsletter.css, cover.html.j2 …


def test_it_builds_and_proofs_clean(built: OfficeBuild) -> None:
    assert built.result.returncode == 0, built.result.stdout + built.result.stderr
    assert "warning" not in built.result.stderr
    assert "proof: " in built.result.stdout and "no faults" in built.result.stdout
    assert built.pdf.is_file()


def test_the_issue_line_says_zong_di(built: OfficeBuild) -> None:
    assert "2023年第17期总第118期" in built.text(1, 1)  # the cover
    assert "电子商务动态·2023年第17期总第118期" in built.text(2, 2)  # the running header
    assert "总118期" not in built.text()


def test_the_overridden_block_and_the_parents_text(built: OfficeBuild) -> None:
    pages = int(built.result.stdout.split(": ")[1].split()[0])
    last = built.text(pages, pages)  # the colophon's page
    assert "内部资料" in last and "免费交流" in last  # ourweekly's colophon block
    assert "编辑部地址：中山南路1088号南浦大厦四楼" in last  # its super(): the newsletter's lines


def test_the_logo_is_on_the_cover(built: OfficeBuild) -> None:
    listing = subprocess.run(
        ["pdfimages", "-list", "-f", "1", "-l", "1", str(built.pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    sizes = [line.split()[3:5] for line in listing.splitlines()[2:]]
    assert ["240", "240"] in sizes  # logo.png, 240 × 240 px


def test_typesetter_layouts_shows_the_office_layout(built: OfficeBuild) -> None:
    result = run_cli("layouts", "2023-17", cwd=built.office)
    assert result.returncode == 0, result.stderr
    ours = built.office / "layouts" / "ourweekly"
    newsletter = ROOT / "layouts" / "newsletter"
    assert result.stdout.splitlines()[-1] == (
        f"2023-17 uses: ourweekly ({ours}) → newsletter ({newsletter})"
    )
