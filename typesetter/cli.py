"""The command line: parse arguments, call the pipeline, turn errors into exit codes.

Exit codes: 0 done, 1 content or render problem (or proof faults), 2 usage.
"""

from __future__ import annotations

import json
import os
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from . import __version__
from .errors import Problem, RenderError, TypesetterError, UsageError, printable, printable_json
from .options import Edition, PrintOptions
from .outputs import Refusal, archive_report, build_output, import_output
from .pdf import WriteError

if TYPE_CHECKING:
    from .pipeline import Built

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


class Marks(StrEnum):
    none = "none"
    crop = "crop"
    cross = "cross"
    both = "both"


class Variant(StrEnum):
    x4 = "pdf/x-4"
    a2b = "pdf/a-2b"
    ua1 = "pdf/ua-1"


def _page_size(value: str | None) -> str | None:
    """--page-size: a known name or WIDTHmm×HEIGHTmm within the limits (docs/layouts.md)."""
    if value is not None:
        from .layouts import page_size_mm

        try:
            page_size_mm(value)
        except ValueError as error:
            raise typer.BadParameter(printable(str(error)), param_hint="--page-size") from None
    return value


def _bleed(value: str | None) -> str | None:
    """--bleed: a length within the limits (docs/layouts.md)."""
    if value is not None:
        from .layouts import bounded_length_pt

        try:
            bounded_length_pt(value, "bleed")
        except ValueError as error:
            raise typer.BadParameter(printable(str(error)), param_hint="--bleed") from None
    return value


def _pad_to(value: int | None) -> int | None:
    """--pad-to: 1 to PAD_TO_MAX pages (docs/layouts.md)."""
    if value is not None:
        from .layouts import PAD_TO_MAX

        if not 1 <= value <= PAD_TO_MAX:
            raise typer.BadParameter(f"must be 1–{PAD_TO_MAX}, not {value}", param_hint="--pad-to")
    return value


PageSizeOption = Annotated[
    str | None,
    typer.Option(
        callback=_page_size,
        help="Override the layout's page size (A4, A5, 大16开…, or e.g. 210mm×285mm; "
        "each side 50–1000 mm).",
    ),
]
BleedOption = Annotated[
    str | None,
    typer.Option(callback=_bleed, help="Bleed around the trim, e.g. 3mm (0–20 mm)."),
]
MarksOption = Annotated[Marks | None, typer.Option(help="Printer's marks outside the bleed.")]
PadToOption = Annotated[
    int | None,
    typer.Option(
        callback=_pad_to,
        help="Add blank pages before the back page: a multiple of N pages (1–64).",
    ),
]
EditionOption = Annotated[
    Edition,
    typer.Option(help="print: the layout's print settings; screen: RGB, no bleed, PDF/A-2b."),
]
VariantOption = Annotated[
    Variant | None, typer.Option(help="PDF variant (screen edition default: pdf/a-2b).")
]


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


def _echo(text: str, *, err: bool = False) -> None:
    """Print text that may hold user-given names: each line escaped (errors.printable)."""
    typer.echo("\n".join(printable(line) for line in text.split("\n")), err=err)


def _report(problems: list[Problem]) -> None:
    for problem in sorted(problems, key=lambda p: (p.path, p.line or 0)):
        typer.echo(str(problem), err=True)


def _fail(error: TypesetterError) -> NoReturn:
    _report(error.problems)
    count = sum(1 for p in error.problems if p.severity == "error")
    typer.echo(f"{count} error{'s' if count != 1 else ''}; nothing was written.", err=True)
    raise typer.Exit(1)


@contextmanager
def _exit_on_errors() -> Iterator[None]:
    """Our errors become messages and exit 1; anything else is an internal error."""
    try:
        yield
    except (typer.Exit, typer.Abort):
        raise
    except UsageError as error:  # a bad option value: click's usage message, exit 2
        text = "; ".join(
            printable(f"{p.message} ({p.hint})" if p.hint else p.message) for p in error.problems
        )
        raise typer.BadParameter(text, param_hint=error.problems[0].path) from None
    except TypesetterError as error:
        _fail(error)
    except WriteError as error:  # a full disk, a read-only folder: named as the output
        _fail(RenderError([error.problem()]))
    except Exception as error:
        _internal(error)


def _internal(error: Exception) -> NoReturn:
    if os.environ.get("TYPESETTER_DEBUG"):
        traceback.print_exc()
    typer.echo(
        printable(f"typesetter: internal error: {type(error).__name__}: {error}")
        + " (set TYPESETTER_DEBUG=1 for the traceback, and please report it)",
        err=True,
    )
    raise typer.Exit(1)


def _print_options(
    edition: Edition,
    page_size: str | None,
    bleed: str | None,
    marks: Marks | None,
    pad_to: int | None,
    pdf_variant: Variant | None,
    optimize_images: bool | None = None,
) -> PrintOptions:
    return PrintOptions(
        edition=edition,
        page_size=page_size,
        bleed=bleed,
        marks=marks.value if marks else None,
        pad_to=pad_to,
        pdf_variant=pdf_variant.value if pdf_variant else None,
        optimize_images=optimize_images,
    )


@app.command()
def build(
    issue_dir: IssueDir,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="The PDF to write (default: out/<folder>.pdf), outside the issue folder.",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Treat every warning as an error.")] = False,
    proof: Annotated[
        bool, typer.Option(help="Proof the PDF (clreq measurements); exit 1 on faults.")
    ] = False,
    page_size: PageSizeOption = None,
    bleed: BleedOption = None,
    marks: MarksOption = None,
    pad_to: PadToOption = None,
    edition: EditionOption = Edition.PRINT,
    pdf_variant: VariantOption = None,
    optimize_images: Annotated[
        bool | None,
        typer.Option(
            "--optimize-images/--no-optimize-images",
            help="Recompress pictures for screen (default: on in the screen edition).",
        ),
    ] = None,
    page_map: Annotated[
        bool,
        typer.Option("--map", help="Print where every article landed: its first and last page."),
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            help="Also write the page map and the warnings as JSON to this file "
            '(format: README.md, "The page map").'
        ),
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            metavar="FILE",
            help="Typeset only this article (a file as issue.yaml lists it, e.g. "
            "articles/03-x.md; repeat for more): a proof, with no cover, TOC or colophon "
            "(default output: out/<folder>.proof.pdf).",
        ),
    ] = None,
) -> None:
    """Typeset ISSUE_DIR into a PDF."""
    suffix = ".proof.pdf" if only else ".pdf"
    target = output or Path("out") / f"{issue_dir.resolve().name}{suffix}"
    _refuse("--output", build_output(target, issue_dir))
    if report is not None:
        _refuse("--report", _report_output(report, target, issue_dir))
    from .pipeline import build_issue

    printing = _print_options(
        edition, page_size, bleed, marks, pad_to, pdf_variant, optimize_images
    )
    with _exit_on_errors():
        built = build_issue(
            issue_dir,
            target,
            display_dir=str(issue_dir),
            strict=strict,
            printing=printing,
            only=only,
        )
    _report(built.warnings)
    if page_map:
        for line in built.page_map.lines():
            _echo(line)
    if report is not None:
        _write_build_report(report, issue_dir, built)
    kind = ""
    if built.proof_of is not None:
        count = len(built.proof_of)
        kind = f", a proof of {count} article{'s' if count != 1 else ''} (--only)"
    _echo(f"{built.output}: {built.pages} pages ({built.seconds:.1f} s){kind}")
    if proof:  # a proof of some articles: the measurements only, not the issue's text
        _proof(built.output, None if built.proof_of else issue_dir, as_json=False)


def _report_output(report: Path, target: Path, issue_dir: Path) -> Refusal | None:
    """``build --report``: refused as ``--output`` would be, and where the PDF goes."""
    from .outputs import location, refused_file, typesetter_folders

    readers = [(issue_dir, f"the issue folder {issue_dir}"), *typesetter_folders()]
    example = report / f"{issue_dir.resolve().name}.json"
    refusal = refused_file(report, readers, "the build", example)
    if refusal is None and location(report) == location(target):
        refusal = Refusal(f"{report} is the PDF the build writes", "name another file")
    return refusal


def _write_build_report(path: Path, issue_dir: Path, built: Built) -> None:
    """``build --report``: the page map and the warnings as JSON (README.md)."""
    from .pagemap import build_report
    from .pdf import write_atomic

    data = build_report(
        issue_dir=str(issue_dir),
        output=str(built.output),
        pages=built.pages,
        page_map=built.page_map,
        warnings=built.warnings,
        only=built.proof_of,
    )
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:
        write_atomic(path, text.encode("utf-8"))
    except WriteError as error:
        _report([error.problem()])
        typer.echo("the PDF was written; the report was not.", err=True)
        raise typer.Exit(1) from None


@app.command()
def check(
    issue_dir: IssueDir,
    pages: Annotated[
        bool,
        typer.Option(
            help="Also lay out the pages: picture resolution, overflow, text near the trim."
        ),
    ] = False,
    page_size: PageSizeOption = None,
    bleed: BleedOption = None,
    marks: MarksOption = None,
    pad_to: PadToOption = None,
    edition: EditionOption = Edition.PRINT,
    pdf_variant: VariantOption = None,
) -> None:
    """Preflight ISSUE_DIR (content, fonts, images, layout options); nothing is written."""
    from .pipeline import check_issue, check_pages
    from .preflight import preflight_report

    printing = _print_options(edition, page_size, bleed, marks, pad_to, pdf_variant)
    with _exit_on_errors():
        checked = check_issue(issue_dir, display_dir=str(issue_dir), printing=printing)
        if pages:
            checked.warnings.extend(check_pages(checked))
    for line in preflight_report(checked, pages=pages):
        _echo(line)
    _report(checked.warnings)
    articles = sum(1 for _ in checked.issue.articles())
    warnings = len(checked.warnings)
    _echo(
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
    output: Annotated[Path, typer.Option("-o", "--output", help="The issue folder to write.")],
    layout: Annotated[str, typer.Option(help="The layout the issue names.")] = "newsletter",
    force: Annotated[bool, typer.Option(help="Replace an existing issue folder.")] = False,
) -> None:
    """Import an old issue from its extracted text into an issue folder."""
    from .importer import format_report, import_text

    _refuse("--output", import_output(text_file, output))
    with _exit_on_errors():
        result = import_text(text_file, output, layout=layout, force=force)
    _echo(format_report(result), err=True)
    _echo(f"{output}: {result.articles} articles in {result.sections} sections")


@app.command("archive")
def archive_command(
    content_root: Annotated[
        Path,
        typer.Argument(
            exists=True, file_okay=False, help="The archive: issue folders at any depth."
        ),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="The folder to write.")],
    jobs: Annotated[
        int | None,
        typer.Option("-j", "--jobs", min=1, help="Worker processes (default: cores; 1: none)."),
    ] = None,
    force: Annotated[bool, typer.Option(help="Rebuild every issue.")] = False,
    edition: Annotated[Edition, typer.Option(help="screen: <name>.screen.pdf files.")] = (
        Edition.PRINT
    ),
    shard: Annotated[
        str | None, typer.Option(help="Build only slice K of N (K/N), e.g. 1/4.")
    ] = None,
    report: Annotated[
        Path | None, typer.Option(help="Also write the summary as JSON to this file.")
    ] = None,
    index_only: Annotated[
        bool, typer.Option(help="Only merge the catalogs in OUTPUT and write the indexes.")
    ] = False,
    recycle_after: Annotated[
        int, typer.Option(min=1, help="Replace a worker after this many issues.")
    ] = 50,
) -> None:
    """Typeset every issue under CONTENT_ROOT into OUTPUT, rebuilding only what changed."""
    from .archive import ArchiveOptions, parse_shard, run_archive
    from .archive import index_only as run_index_only
    from .archive.report import print_summary, problem_lines, progress_for, write_report

    try:
        slice_ = parse_shard(shard) if shard is not None else None
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--shard") from None
    options = ArchiveOptions(
        content_root, output, jobs, force, PrintOptions(edition=edition), slice_, recycle_after
    )
    if report is not None:
        _refuse("--report", archive_report(report, content_root, output))
    with _exit_on_errors():
        if index_only:
            result = run_index_only(options)
        else:
            with progress_for() as progress:
                result = run_archive(options, progress)
    for line in problem_lines(result):
        _echo(line, err=True)
    print_summary(result)
    if report is not None:
        try:
            write_report(report, result)
        except WriteError as error:
            _report([error.problem()])
            raise typer.Exit(1) from None
    raise typer.Exit(result.exit_code)


def _refuse(option: str, refusal: Refusal | None) -> None:
    """A usage error (exit 2) for ``option`` when its path is refused (typesetter/outputs.py),
    printed as a UsageError of the pipeline is."""
    if refusal is not None:
        message = printable(f"{refusal.message} ({refusal.hint})")
        raise typer.BadParameter(message, param_hint=option)


def _proof(pdf: Path, issue_dir: Path | None, *, as_json: bool) -> None:
    from .pipeline import proof_pdf

    with _exit_on_errors():
        report = proof_pdf(pdf, issue_dir, display_dir=str(issue_dir) if issue_dir else None)
    if as_json:
        typer.echo(printable_json(json.dumps(report.to_json(), ensure_ascii=False, indent=2)))
    else:
        _echo(report.format_text())
    if not report.ok():
        raise typer.Exit(1)


# --- Starting the next issue: typesetter new, typesetter add (typesetter/scaffold.py) ----


@app.command("new")
def new_command(
    new_dir: Annotated[
        Path, typer.Argument(help="The issue folder to make (new, or an empty folder).")
    ],
    previous: Annotated[
        Path | None,
        typer.Option(
            "--from",
            exists=True,
            file_okay=False,
            help="The previous issue: its publication, publisher, colophon, layout and "
            "sections are copied, and the number goes up by one.",
        ),
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="The issue's date, YYYY-MM-DD (default: today).")
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(min=1, help="The issue's year, when it is not the date's (default: it is)."),
    ] = None,
    number: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="第N期 (default: the previous issue's number + 1, or 1 in a new year).",
        ),
    ] = None,
) -> None:
    """Start an issue folder: from the previous issue, or a skeleton; one stub per section."""
    from .scaffold import parse_date, start_issue

    with _exit_on_errors():
        day = parse_date(date) if date is not None else None
        started = start_issue(new_dir, previous=previous, date=day, year=year, number=number)
    for line in started.summary():
        _echo(line)


@app.command("add")
def add_command(
    issue_dir: IssueDir,
    section: Annotated[
        str, typer.Argument(help="The section: its title (e.g. 行业资讯) or number (1, 2…).")
    ],
    title: Annotated[str, typer.Argument(help="The article's title.")],
) -> None:
    """Write a new article file and list it in its section of issue.yaml."""
    from .scaffold import add_article

    with _exit_on_errors():
        added = add_article(issue_dir, section, title, display_dir=str(issue_dir))
    for line in added.summary():
        _echo(line)


# --- Preview while writing: typesetter preview (typesetter/preview/) ---------------------


@app.command("preview")
def preview_command(
    issue_dir: IssueDir,
    port: Annotated[
        int,
        typer.Option(min=0, max=65535, help="The port on 127.0.0.1 (0: any free one)."),
    ] = 8765,
    pdf: Annotated[
        Path | None,
        typer.Option(
            "--pdf", help="Also write the PDF here on each good rebuild (outside the issue)."
        ),
    ] = None,
    editor: Annotated[
        str,
        typer.Option(
            help="A problem's link: {path} is the file's absolute path, {line} its line "
            "('' for no links).",
        ),
    ] = "vscode://file/{path}:{line}",
) -> None:
    """Serve ISSUE_DIR's pages on 127.0.0.1, rebuilt and refreshed on every save."""
    if pdf is not None:
        _refuse("--pdf", build_output(pdf, issue_dir))
    from .preview import Outcome, start_preview

    good = False  # a good build so far

    def built(outcome: Outcome) -> None:
        nonlocal good
        _report(outcome.problems)
        when = time.strftime("%H:%M:%S")
        if outcome.ok:
            good = True
            _echo(f"{when} {issue_dir}: {outcome.pages} pages ({outcome.seconds:.1f} s)")
        else:
            count = len(outcome.errors)
            kept = "the page keeps the last good pages" if good else "no pages yet"
            _echo(f"{when} {issue_dir}: {count} error{'s' if count != 1 else ''}; {kept}")

    try:
        server = start_preview(
            issue_dir,
            port=port,
            display_dir=str(issue_dir),
            pdf=pdf,
            editor=editor,
            on_build=built,
            start=False,
        )
    except OSError as error:
        reason = error.strerror or str(error)
        message = f"cannot listen on 127.0.0.1:{port} ({reason}; --port 0 picks a free port)"
        raise typer.BadParameter(printable(message), param_hint="--port") from None
    _echo(f"Previewing {issue_dir} at {server.url} (Ctrl+C to stop)")
    server.session.start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def main() -> None:
    """Console-script entry point."""
    app(prog_name="typesetter")


if __name__ == "__main__":  # pragma: no cover
    main()
