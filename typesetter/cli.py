"""The command line: parse arguments, call the pipeline, turn errors into exit codes.

Exit codes: 0 done, 1 content or render problem (or proof faults), 2 usage.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from . import __version__, i18n
from .errors import Problem, RenderError, TypesetterError, UsageError, printable, printable_json
from .i18n import Translator
from .options import Edition, PrintOptions
from .outputs import Refusal, archive_report, build_output, import_output
from .pdf import WriteError

if TYPE_CHECKING:
    from .pipeline import Built

_ = Translator("cli")
ngettext = _.ngettext

# The --help texts below are translated when the commands are defined: choose the language
# first, from --lang anywhere on the command line, else from the environment (docs/i18n.md).
i18n.set_language(i18n.language_from_argv(sys.argv[1:]) or i18n.current_language())

app = typer.Typer(
    help=_("Typeset Chinese periodical issues (YAML + Markdown) into print-ready PDFs."),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

IssueDir = Annotated[
    Path,
    typer.Argument(
        exists=True,
        file_okay=False,
        dir_okay=True,
        help=_("The issue folder (holds issue.yaml)."),
    ),
]


class Marks(StrEnum):
    none = "none"
    crop = "crop"
    cross = "cross"
    both = "both"


class OutputFormat(StrEnum):
    pdf = "pdf"
    html = "html"


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
            message = _("must be 1–{max}, not {value}", max=PAD_TO_MAX, value=value)
            raise typer.BadParameter(message, param_hint="--pad-to")
    return value


PageSizeOption = Annotated[
    str | None,
    typer.Option(
        callback=_page_size,
        help=_(
            "Override the layout's page size (A4, A5, 大16开…, or e.g. 210mm×285mm; "
            "each side 50–1000 mm)."
        ),
    ),
]
BleedOption = Annotated[
    str | None,
    typer.Option(callback=_bleed, help=_("Bleed around the trim, e.g. 3mm (0–20 mm).")),
]
MarksOption = Annotated[Marks | None, typer.Option(help=_("Printer's marks outside the bleed."))]
PadToOption = Annotated[
    int | None,
    typer.Option(
        callback=_pad_to,
        help=_("Add blank pages before the back page: a multiple of N pages (1–64)."),
    ),
]
LayoutOption = Annotated[
    str | None,
    typer.Option(
        "--layout",
        metavar="NAME",
        help=_(
            "Use this layout instead of the one issue.yaml names, for this run (e.g. magazine)."
        ),
    ),
]


def _layout_dirs(value: list[Path] | None) -> list[Path] | None:
    """--layouts DIR: searched for layouts (typesetter.layouts.use_layout_dirs)."""
    if value:
        from .layouts import use_layout_dirs

        use_layout_dirs(value)
    return value


LayoutsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--layouts",
        metavar="DIR",
        exists=True,
        file_okay=False,
        callback=_layout_dirs,
        help=_(
            "A folder of layouts (repeatable), searched after the layouts/ folder beside "
            "the issue and before TYPESETTER_LAYOUTS and the built-in layouts."
        ),
    ),
]
EditionOption = Annotated[
    Edition,
    typer.Option(help=_("print: the layout's print settings; screen: RGB, no bleed, PDF/A-2b.")),
]
VariantOption = Annotated[
    Variant | None, typer.Option(help=_("PDF variant (screen edition default: pdf/a-2b)."))
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"typesetter {__version__}")
        raise typer.Exit()


def _language(value: str | None) -> str | None:
    """--lang: zh-CN or en (also zh, zh_CN.UTF-8, en_US…); the messages from here on."""
    if value is not None:
        chosen = i18n.normalize(value)
        if chosen is None:
            message = _(
                "unknown language {value} (choose {choices})",
                value=repr(value),
                choices=_(" or ").join(i18n.LANGUAGES[::-1]),
            )
            raise typer.BadParameter(printable(message), param_hint="--lang")
        i18n.set_language(chosen)
    return value


@app.callback(help=_("Typeset Chinese periodical issues into print-ready PDFs."))
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=_("Print the version.")),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="zh-CN|en",
            callback=_language,
            is_eager=True,
            help=_(
                "The language of the messages (default: TYPESETTER_LANG, else the locale: "
                "LANG=zh_CN.UTF-8 is Chinese). Also accepted after the command."
            ),
        ),
    ] = None,
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
    message = ngettext("{n} error; nothing was written.", "{n} errors; nothing was written.", count)
    typer.echo(message, err=True)
    raise typer.Exit(1)


@contextmanager
def _exit_on_errors() -> Iterator[None]:
    """Our errors become messages and exit 1; anything else is an internal error."""
    try:
        yield
    except (typer.Exit, typer.Abort):
        raise
    except UsageError as error:  # a bad option value: click's usage message, exit 2
        text = _("; ").join(printable(_with_hint(p.message, p.hint)) for p in error.problems)
        raise typer.BadParameter(text, param_hint=error.problems[0].path) from None
    except TypesetterError as error:
        _fail(error)
    except WriteError as error:  # a full disk, a read-only folder: named as the output
        _fail(RenderError([error.problem()]))
    except Exception as error:
        _internal(error)


def _with_hint(message: str, hint: str | None) -> str:
    """``message (hint)``, as a Problem prints it."""
    return message + _(" ({hint})", hint=hint) if hint else message


def _internal(error: Exception) -> NoReturn:
    if os.environ.get("TYPESETTER_DEBUG"):
        traceback.print_exc()
    what = printable(f"{type(error).__name__}: {error}")
    typer.echo(
        _(
            "typesetter: internal error: {error} (set TYPESETTER_DEBUG=1 for the traceback, "
            "and please report it)",
            error=what,
        ),
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


@app.command(help=_("Typeset ISSUE_DIR into a PDF."))
def build(
    issue_dir: IssueDir,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help=_("The PDF to write (default: out/<folder>.pdf), outside the issue folder."),
        ),
    ] = None,
    strict: Annotated[bool, typer.Option(help=_("Treat every warning as an error."))] = False,
    proof: Annotated[
        bool, typer.Option(help=_("Proof the PDF (clreq measurements); exit 1 on faults."))
    ] = False,
    layout: LayoutOption = None,
    layouts: LayoutsOption = None,
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
            help=_("Recompress pictures for screen (default: on in the screen edition)."),
        ),
    ] = None,
    page_map: Annotated[
        bool,
        typer.Option("--map", help=_("Print where every article landed: its first and last page.")),
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            help=_(
                "Also write the page map and the warnings as JSON to this file "
                '(format: README.md, "The page map").'
            )
        ),
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            metavar="FILE",
            help=_(
                "Typeset only this article (a file as issue.yaml lists it, e.g. "
                "articles/03-x.md; repeat for more): a proof, with no cover, TOC or colophon "
                "(default output: out/<folder>.proof.pdf)."
            ),
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            help=_(
                "pdf, or html: the issue as a static web edition, a folder "
                '(default: out/<folder>/; README.md, "The web edition").'
            ),
        ),
    ] = OutputFormat.pdf,
) -> None:
    """Typeset ISSUE_DIR into a PDF (or, with --format html, a web edition)."""
    if output_format is OutputFormat.html:
        _build_web(issue_dir, output, strict, layout, proof=proof, page_map=page_map,
                   report=report, only=only)
        return
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
            layout=layout,
        )
    _report(built.warnings)
    if page_map:
        for line in built.page_map.lines():
            _echo(line)
    if report is not None:
        _write_build_report(report, issue_dir, built)
    fields = {"output": built.output, "pages": built.pages, "seconds": f"{built.seconds:.1f}"}
    if built.proof_of is None:
        _echo(_("{output}: {pages} pages ({seconds} s)", **fields))
    else:
        _echo(
            ngettext(
                "{output}: {pages} pages ({seconds} s), a proof of {n} article (--only)",
                "{output}: {pages} pages ({seconds} s), a proof of {n} articles (--only)",
                len(built.proof_of),
                **fields,
            )
        )
    if proof:  # a proof of some articles: the measurements only, not the issue's text
        _proof(built.output, None if built.proof_of else issue_dir, as_json=False, layout=layout)


def _build_web(
    issue_dir: Path,
    output: Path | None,
    strict: bool,
    layout: str | None,
    **pdf_only: object,
) -> None:
    """``build --format html``: the web edition (typesetter/web/)."""
    for option, value in pdf_only.items():
        if value:
            name = {"page_map": "--map"}.get(option, f"--{option}")
            raise typer.BadParameter(_("is for the PDF, not --format html"), param_hint=name)
    from .web import build_web
    from .web.write import edition_output

    target = output or Path("out") / issue_dir.resolve().name
    _refuse("--output", edition_output(target, issue_dir))
    with _exit_on_errors():
        built = build_web(issue_dir, target, display_dir=str(issue_dir), strict=strict,
                          layout=layout)
    _report(built.warnings)
    _echo(
        _(
            "{output}/index.html: {pages} pages, {files} files, {size:.0f} kB ({seconds:.1f} s)",
            output=built.output,
            pages=built.pages,
            files=built.files,
            size=built.bytes / 1024,
            seconds=built.seconds,
        )
    )


def _report_output(report: Path, target: Path, issue_dir: Path) -> Refusal | None:
    """``build --report``: refused as ``--output`` would be, and where the PDF goes."""
    from .outputs import location, refused_file, typesetter_folders

    readers = [(issue_dir, _("the issue folder {path}", path=issue_dir)), *typesetter_folders()]
    example = report / f"{issue_dir.resolve().name}.json"
    refusal = refused_file(report, readers, _("the build"), example)
    if refusal is None and location(report) == location(target):
        message = _("{path} is the PDF the build writes", path=report)
        refusal = Refusal(message, _("name another file"))
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
        typer.echo(_("the PDF was written; the report was not."), err=True)
        raise typer.Exit(1) from None


@app.command(
    help=_("Preflight ISSUE_DIR (content, fonts, images, layout options); nothing is written.")
)
def check(
    issue_dir: IssueDir,
    pages: Annotated[
        bool,
        typer.Option(
            help=_("Also lay out the pages: picture resolution, overflow, text near the trim.")
        ),
    ] = False,
    layout: LayoutOption = None,
    layouts: LayoutsOption = None,
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
        checked = check_issue(
            issue_dir, display_dir=str(issue_dir), printing=printing, layout=layout
        )
        if pages:
            checked.warnings.extend(check_pages(checked))
    for line in preflight_report(checked, pages=pages):
        _echo(line)
    _report(checked.warnings)
    articles = sum(1 for _article in checked.issue.articles())
    _echo(
        ngettext(
            "{path}: ok — {sections} sections, {articles} articles, {n} warning",
            "{path}: ok — {sections} sections, {articles} articles, {n} warnings",
            len(checked.warnings),
            path=issue_dir,
            sections=len(checked.issue.sections),
            articles=articles,
        )
    )


@app.command("proof", help=_("Measure Chinese layout rules on PDF and report faults per page."))
def proof_command(
    pdf: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help=_("A PDF we produced."))],
    issue: Annotated[
        Path | None,
        typer.Option(
            "--issue", exists=True, file_okay=False, help=_("Compare with this issue's content.")
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help=_("Print the report as JSON."))] = False,
    layout: LayoutOption = None,
) -> None:
    """Measure Chinese layout rules on PDF and report faults per page."""
    _proof(pdf, issue, as_json=as_json, layout=layout)


@app.command("import", help=_("Import an old issue from its extracted text into an issue folder."))
def import_command(
    text_file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help=_("Plain text of one issue."))
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help=_("The issue folder to write."))],
    layout: Annotated[str, typer.Option(help=_("The layout the issue names."))] = "newsletter",
    force: Annotated[bool, typer.Option(help=_("Replace an existing issue folder."))] = False,
) -> None:
    """Import an old issue from its extracted text into an issue folder."""
    from .importer import format_report, import_text

    _refuse("--output", import_output(text_file, output))
    with _exit_on_errors():
        result = import_text(text_file, output, layout=layout, force=force)
    _echo(format_report(result), err=True)
    summary = _(
        "{path}: {articles} articles in {sections} sections",
        path=output,
        articles=result.articles,
        sections=result.sections,
    )
    _echo(summary)


@app.command(
    "archive",
    help=_("Typeset every issue under CONTENT_ROOT into OUTPUT, rebuilding only what changed."),
)
def archive_command(
    ctx: typer.Context,
    content_root: Annotated[
        Path,
        typer.Argument(
            exists=True, file_okay=False, help=_("The archive: issue folders at any depth.")
        ),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help=_("The folder to write."))],
    jobs: Annotated[
        int | None,
        typer.Option("-j", "--jobs", min=1, help=_("Worker processes (default: cores; 1: none).")),
    ] = None,
    force: Annotated[bool, typer.Option(help=_("Rebuild every issue."))] = False,
    edition: Annotated[Edition, typer.Option(help=_("screen: <name>.screen.pdf files."))] = (
        Edition.PRINT
    ),
    shard: Annotated[
        str | None, typer.Option(help=_("Build only slice K of N (K/N), e.g. 1/4."))
    ] = None,
    report: Annotated[
        Path | None, typer.Option(help=_("Also write the summary as JSON to this file."))
    ] = None,
    index_only: Annotated[
        bool, typer.Option(help=_("Only merge the catalogs in OUTPUT and write the indexes."))
    ] = False,
    recycle_after: Annotated[
        int, typer.Option(min=1, help=_("Replace a worker after this many issues."))
    ] = 50,
    layouts: LayoutsOption = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            help=_(
                "Build on a Dask cluster: its scheduler (tcp://HOST:8786), or local:N for "
                "N local worker processes (needs typesetter[cluster])."
            )
        ),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help=_("Also show peak memory per worker."))
    ] = False,
    site: Annotated[
        bool,
        typer.Option(
            "--site",
            help=_(
                "Also write the archive as a static site: every issue's web edition, the "
                'home and year pages, full-text search (README.md, "The archive site").'
            ),
        ),
    ] = False,
) -> None:
    """Typeset every issue under CONTENT_ROOT into OUTPUT, rebuilding only what changed."""
    if site and shard is not None:
        raise typer.BadParameter(
            _("the site needs the whole archive: run --site with --index-only after the shards"),
            param_hint="--site",
        )
    from .archive import ArchiveOptions, parse_shard, run_archive
    from .archive import index_only as run_index_only
    from .archive.cluster import no_recycling, parse_cluster
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
        options.cluster = parse_cluster(cluster) if cluster is not None else None
        if cluster is not None and _given(ctx, "recycle_after"):
            no_recycling()
        if index_only:
            result = run_index_only(options)
        else:
            with progress_for() as progress:
                result = run_archive(options, progress)
    for line in problem_lines(result):
        _echo(line, err=True)
    print_summary(result, verbose=verbose)
    site_failed = _archive_site(options, result) if site else False
    if report is not None:
        try:
            write_report(report, result)
        except WriteError as error:
            _report([error.problem()])
            raise typer.Exit(1) from None
    raise typer.Exit(result.exit_code or int(site_failed))


def _given(ctx: typer.Context, parameter: str) -> bool:
    """Whether the command line (or the environment) gave the option, not its default."""
    source = ctx.get_parameter_source(parameter)
    return source is not None and source.name != "DEFAULT"


def _archive_site(options: object, result: object) -> bool:
    """``archive --site``: the web editions, site pages and search index (typesetter/web/
    site.py), after the PDFs; whether a problem was met."""
    from .web.site import write_site

    with _exit_on_errors():
        done = write_site(options, result)  # type: ignore[arg-type]
    _report(done.problems)
    counts = {
        "written": len(done.editions_written),
        "kept": len(done.editions_kept),
        "failed": len(done.marked_failed),
        "seconds": done.seconds,
    }
    if done.index_seconds is not None:
        line = _(
            "site: {written} editions written, {kept} unchanged, {failed} marked failed, "
            "search index of {pages} pages in {index_seconds:.1f} s ({seconds:.1f} s)",
            pages=done.indexed_pages,
            index_seconds=done.index_seconds,
            **counts,
        )
    else:
        line = _(
            "site: {written} editions written, {kept} unchanged, {failed} marked failed "
            "({seconds:.1f} s)",
            **counts,
        )
    _echo(line)
    return bool(done.problems)


def _refuse(option: str, refusal: Refusal | None) -> None:
    """A usage error (exit 2) for ``option`` when its path is refused (typesetter/outputs.py),
    printed as a UsageError of the pipeline is."""
    if refusal is not None:
        message = printable(_with_hint(refusal.message, refusal.hint))
        raise typer.BadParameter(message, param_hint=option)


def _proof(
    pdf: Path, issue_dir: Path | None, *, as_json: bool, layout: str | None = None
) -> None:
    from .pipeline import proof_pdf

    display = str(issue_dir) if issue_dir else None
    with _exit_on_errors():
        report = proof_pdf(pdf, issue_dir, display_dir=display, layout=layout)
    if as_json:
        typer.echo(printable_json(json.dumps(report.to_json(), ensure_ascii=False, indent=2)))
    else:
        _echo(report.format_text())
    if not report.ok():
        raise typer.Exit(1)


# --- Starting the next issue: typesetter new, typesetter add (typesetter/scaffold.py) ----


@app.command(
    "new",
    help=_("Start an issue folder: from the previous issue, or a skeleton; one stub per section."),
)
def new_command(
    new_dir: Annotated[
        Path, typer.Argument(help=_("The issue folder to make (new, or an empty folder)."))
    ],
    previous: Annotated[
        Path | None,
        typer.Option(
            "--from",
            exists=True,
            file_okay=False,
            help=_(
                "The previous issue: its publication, publisher, colophon, layout and "
                "sections are copied, and the number goes up by one."
            ),
        ),
    ] = None,
    date: Annotated[
        str | None, typer.Option(help=_("The issue's date, YYYY-MM-DD (default: today)."))
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            min=1, help=_("The issue's year, when it is not the date's (default: it is).")
        ),
    ] = None,
    number: Annotated[
        int | None,
        typer.Option(
            min=1,
            help=_("第N期 (default: the previous issue's number + 1, or 1 in a new year)."),
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


@app.command("add", help=_("Write a new article file and list it in its section of issue.yaml."))
def add_command(
    issue_dir: IssueDir,
    section: Annotated[
        str, typer.Argument(help=_("The section: its title (e.g. 行业资讯) or number (1, 2…)."))
    ],
    title: Annotated[str, typer.Argument(help=_("The article's title."))],
) -> None:
    """Write a new article file and list it in its section of issue.yaml."""
    from .scaffold import add_article

    with _exit_on_errors():
        added = add_article(issue_dir, section, title, display_dir=str(issue_dir))
    for line in added.summary():
        _echo(line)


# --- Preview while writing: typesetter preview (typesetter/preview/) ---------------------


@app.command(
    "preview", help=_("Serve ISSUE_DIR's pages on 127.0.0.1, rebuilt and refreshed on every save.")
)
def preview_command(
    issue_dir: IssueDir,
    port: Annotated[
        int,
        typer.Option(min=0, max=65535, help=_("The port on 127.0.0.1 (0: any free one).")),
    ] = 8765,
    pdf: Annotated[
        Path | None,
        typer.Option(
            "--pdf", help=_("Also write the PDF here on each good rebuild (outside the issue).")
        ),
    ] = None,
    editor: Annotated[
        str,
        typer.Option(
            help=_(
                "A problem's link: {path} is the file's absolute path, {line} its line "
                "('' for no links)."
            ),
        ),
    ] = "vscode://file/{path}:{line}",
    layout: LayoutOption = None,
    layouts: LayoutsOption = None,
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
        fields: dict[str, object] = {"when": when, "path": issue_dir}
        if outcome.ok:
            good = True
            fields.update(pages=outcome.pages, seconds=f"{outcome.seconds:.1f}")
            _echo(_("{when} {path}: {pages} pages ({seconds} s)", **fields))
        elif good:
            _echo(
                ngettext(
                    "{when} {path}: {n} error; the page keeps the last good pages",
                    "{when} {path}: {n} errors; the page keeps the last good pages",
                    len(outcome.errors),
                    **fields,
                )
            )
        else:
            _echo(
                ngettext(
                    "{when} {path}: {n} error; no pages yet",
                    "{when} {path}: {n} errors; no pages yet",
                    len(outcome.errors),
                    **fields,
                )
            )

    try:
        server = start_preview(
            issue_dir,
            port=port,
            display_dir=str(issue_dir),
            pdf=pdf,
            layout=layout,
            editor=editor,
            on_build=built,
            start=False,
        )
    except OSError as error:
        reason = error.strerror or str(error)
        message = _(
            "cannot listen on 127.0.0.1:{port} ({reason}; --port 0 picks a free port)",
            port=port,
            reason=reason,
        )
        raise typer.BadParameter(printable(message), param_hint="--port") from None
    _echo(_("Previewing {path} at {url} (Ctrl+C to stop)", path=issue_dir, url=server.url))
    server.session.start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


# --- Where layouts come from: typesetter layouts (typesetter/layouts.py) ------------------


@app.command(
    "layouts",
    help=_(
        "List the layouts an issue can use, in the order they are searched: where each "
        "is, what it extends, and which one a name finds."
    ),
)
def layouts_command(
    issue_dir: Annotated[
        Path | None,
        typer.Argument(
            exists=True,
            file_okay=False,
            help=_("The issue folder (default: the current folder)."),
        ),
    ] = None,
    layouts: LayoutsOption = None,
) -> None:
    """List the layouts an issue can use, and which one each name finds."""
    from .archive.fingerprint import layout_name
    from .layouts import layout_chain, list_layouts, search_places

    start = issue_dir if issue_dir is not None else Path.cwd()
    _echo(_("Searched in this order (the first layout of a name is used):"))
    for i, place in enumerate(search_places(start), start=1):
        _echo(f"  {i}. " + _("{folder} ({origin})", folder=place.folder, origin=_(place.origin)))
    _echo(_("Layouts:"))
    for each in list_layouts(start):
        where = _("{folder} ({origin})", folder=each.folder, origin=_(each.origin))
        line = f"  {each.name}  {where}"
        if each.extends is not None:
            parent = f" → {each.parent}" if each.parent is not None else ""
            line += _(", extends {name}", name=each.extends) + parent
        if each.shadowed_by is not None:
            line += _("; shadowed by {folder}: not used by name", folder=each.shadowed_by)
        if each.problem is not None:
            line += _("; problem: {problem}", problem=each.problem)
        _echo(line)
    if issue_dir is not None and (issue_dir / "issue.yaml").is_file():
        name = layout_name(issue_dir)
        with _exit_on_errors():
            chain = layout_chain(name, issue_dir)
        used = " → ".join(f"{found.name} ({found.folder})" for found in chain)
        _echo(_("{folder} uses: {chain}", folder=issue_dir, chain=used))


def main() -> None:
    """Console-script entry point: ``--lang`` is taken anywhere on the command line."""
    from .cli_text import lang_first, run

    run(typer.main.get_command(app), lang_first(sys.argv[1:]), "typesetter")


if __name__ == "__main__":  # pragma: no cover
    main()
