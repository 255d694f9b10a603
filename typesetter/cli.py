"""The command line: parse arguments, call the pipeline, turn errors into exit codes.

Exit codes: 0 done, 1 content or render problem (or proof faults), 2 usage.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from . import __version__
from .errors import Problem, TypesetterError

app = typer.Typer(
    help="Typeset Chinese periodical issues (YAML + Markdown) into print-ready PDFs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

IssueDir = Annotated[
    Path,
    typer.Argument(
        exists=True, file_okay=False, dir_okay=True, help="The issue folder (holds issue.yaml)."
    ),
]


class Marks(str, Enum):
    none = "none"
    crop = "crop"
    cross = "cross"
    both = "both"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"typesetter {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Typeset Chinese periodical issues into print-ready PDFs."""


def _report(problems: list[Problem]) -> None:
    for problem in sorted(problems, key=lambda p: (p.path, p.line or 0)):
        typer.echo(str(problem), err=True)


def _fail(error: TypesetterError) -> NoReturn:
    _report(error.problems)
    count = sum(1 for p in error.problems if p.severity == "error")
    typer.echo(f"{count} error{'s' if count != 1 else ''}; nothing was written.", err=True)
    raise typer.Exit(1)


def _internal(error: Exception) -> NoReturn:
    if os.environ.get("TYPESETTER_DEBUG"):
        traceback.print_exc()
    typer.echo(
        f"typesetter: internal error: {type(error).__name__}: {error} "
        "(set TYPESETTER_DEBUG=1 for the traceback, and please report it)",
        err=True,
    )
    raise typer.Exit(1)


@app.command()
def build(
    issue_dir: IssueDir,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="The PDF to write (default: out/<folder>.pdf)."),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Treat every warning as an error.")] = False,
    proof: Annotated[
        bool, typer.Option(help="Proof the PDF (clreq measurements); exit 1 on faults.")
    ] = False,
    page_size: Annotated[
        str | None, typer.Option(help="Override the layout's page size (A4, A5, 大16开…).")
    ] = None,
    bleed: Annotated[str | None, typer.Option(help="Bleed, e.g. 3mm.")] = None,
    marks: Annotated[Marks | None, typer.Option(help="Printer's marks.")] = None,
) -> None:
    """Typeset ISSUE_DIR into a PDF."""
    from .pipeline import build_issue

    target = output or Path("out") / f"{issue_dir.resolve().name}.pdf"
    try:
        built = build_issue(
            issue_dir,
            target,
            display_dir=str(issue_dir),
            strict=strict,
            page_size=page_size,
            bleed=bleed,
            marks=marks.value if marks else None,
        )
    except TypesetterError as error:
        _fail(error)
    except Exception as error:
        _internal(error)
    _report(built.warnings)
    typer.echo(f"{built.output}: {built.pages} pages ({built.seconds:.1f} s)")
    if proof:
        _proof(built.output, issue_dir, as_json=False)


@app.command()
def check(issue_dir: IssueDir) -> None:
    """Validate ISSUE_DIR (content, fonts, layout) without writing anything."""
    from .pipeline import check_issue

    try:
        checked = check_issue(issue_dir, display_dir=str(issue_dir))
    except TypesetterError as error:
        _fail(error)
    except Exception as error:
        _internal(error)
    _report(checked.warnings)
    articles = sum(1 for _ in checked.issue.articles())
    warnings = len(checked.warnings)
    typer.echo(
        f"{issue_dir}: ok — {len(checked.issue.sections)} sections, {articles} articles, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )


@app.command("proof")
def proof_command(
    pdf: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A PDF we produced.")],
    issue: Annotated[
        Path | None,
        typer.Option(
            "--issue", exists=True, file_okay=False, help="Compare with this issue's content."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Measure Chinese layout rules on PDF and report faults per page."""
    _proof(pdf, issue, as_json=as_json)


@app.command("import")
def import_command(
    text_file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="Plain text of one issue.")
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The issue folder to write.")
    ],
    layout: Annotated[str, typer.Option(help="The layout the issue names.")] = "newsletter",
    force: Annotated[bool, typer.Option(help="Replace an existing issue folder.")] = False,
) -> None:
    """Import an old issue from its extracted text into an issue folder."""
    from .importer import format_report, import_text

    try:
        result = import_text(text_file, output, layout=layout, force=force)
    except TypesetterError as error:
        _fail(error)
    except Exception as error:  # noqa: BLE001
        _internal(error)
    typer.echo(format_report(result), err=True)
    typer.echo(f"{output}: {result.articles} articles in {result.sections} sections")


def _proof(pdf: Path, issue_dir: Path | None, *, as_json: bool) -> None:
    from .pipeline import proof_pdf

    try:
        report = proof_pdf(pdf, issue_dir, display_dir=str(issue_dir) if issue_dir else None)
    except TypesetterError as error:
        _fail(error)
    except Exception as error:  # noqa: BLE001
        _internal(error)
    if as_json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        typer.echo(report.format_text())
    if not report.ok():
        raise typer.Exit(1)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="typesetter")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
