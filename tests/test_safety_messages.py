"""Issue 11, through the command line: ``proof`` reads a bounded amount of any PDF, every
message is safe to print, and ``import`` refuses what ``check`` would reject.

Each row runs ``typesetter ARGS`` in a fresh process (in a folder of hostile files made
here) and checks the exit code, the exact message, that no traceback and no raw control
character reaches the terminal, and that nothing was written. The PDFs are made with
pikepdf; the flate bombs are written block by block, so making them costs milliseconds.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, run_cli, write_issue
from pikepdf import Dictionary, Name

from typesetter.errors import UNPRINTABLE, Problem, printable, printable_json
from typesetter.proof import Fault
from typesetter.proof.pdflimits import (
    MAX_DECODED_BYTES,
    DecodeBudget,
    PDFLimitError,
    decoding_limit,
)

DATA_IMPORT = ROOT / "tests" / "data" / "import"
ERROR_1 = "1 error; nothing was written.\n"
LIMIT = "the PDF decompresses to more than 64 MiB, the most the proof reads (is the file damaged?)"
PASSWORD = (
    "cannot read the PDF: it is protected by a password (proof the file before it is encrypted)"
)


# --- the hostile files -------------------------------------------------------------------


def deflate_zeros(size: int, block: int = 1 << 20) -> bytes:
    """A zlib stream of ``size`` zero bytes (a multiple of ``block``), without compressing
    them all: after a full flush every block of zeros compresses to the same bytes, and the
    Adler-32 of n zeros is n mod 65521 in its upper half and 1 in its lower."""
    compressor = zlib.compressobj(9)
    first = compressor.compress(bytes(block)) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(bytes(block)) + compressor.flush(zlib.Z_FULL_FLUSH)
    adler = (size % 65521) << 16 | 1
    return first + again * (size // block - 1) + b"\x03\x00" + adler.to_bytes(4, "big")


def one_page_pdf(
    path: Path,
    content: bytes = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET",
    filters: list[Name] | None = None,
    parms: Dictionary | None = None,
    encryption: pikepdf.Encryption | None = None,
) -> Path:
    """A one-page PDF; with ``filters`` the content stream is stored as given (encoded)."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0].obj
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    page.Resources = Dictionary(Font=Dictionary(F1=pdf.make_indirect(font)))
    stream = pikepdf.Stream(pdf, content)
    if filters:
        stream.stream_dict.Filter = pikepdf.Array(filters)
    if parms is not None:
        stream.stream_dict.DecodeParms = parms
    page.Contents = stream
    if filters:
        pdf.save(path, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    else:
        pdf.save(path, encryption=encryption or False)
    return path


def make_files(folder: Path) -> None:
    flate = [Name.FlateDecode]
    one_page_pdf(folder / "tiny.pdf")
    spaces = zlib.compress(b" " * (8 << 20), 9)  # 8 KB → 8 MiB: within the cap
    one_page_pdf(folder / "fits.pdf", spaces, flate)
    one_page_pdf(folder / "bomb.pdf", deflate_zeros(300 << 20), flate)  # 300 KB → 300 MiB
    inner = deflate_zeros(4 << 30)  # 4 GiB in 4 MB, then in 10 KB
    one_page_pdf(folder / "bomb2.pdf", zlib.compress(inner, 9), flate * 2)
    runs = zlib.compress(b"\x81\x00" * (1 << 20), 9)  # 1 KB → 2 MiB → 128 MiB of zeros
    one_page_pdf(folder / "runs.pdf", runs, [Name.FlateDecode, Name.RunLengthDecode])
    ccitt = Dictionary(K=-1, Columns=8000)
    one_page_pdf(folder / "ccitt.pdf", b"\x00" * 64, [Name.CCITTFaxDecode], ccitt)
    locked = pikepdf.Encryption(user="secret", owner="owner")
    one_page_pdf(folder / "locked.pdf", encryption=locked)
    one_page_pdf(folder / "owner.pdf", encryption=pikepdf.Encryption(user="", owner="owner"))
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "esc\x1b]0;pwned\x07.pdf").write_bytes(b"%PDF-1.7\n")

    write_issue(folder, name="key", issue={"\x1b]0;pwned\x07": "x"})
    issue = (DATA_IMPORT / "wrapped-title.txt").read_text(encoding="utf-8")
    (folder / "nul.txt").write_text(issue.replace("专项整治", "专项\x00整治"), encoding="utf-8")
    esc = issue.replace("近日,国家", "近日\x1b]0;pwned\x07,国家")
    (folder / "esc.txt").write_text(esc, encoding="utf-8")
    (folder / "existing").mkdir()
    (folder / "existing" / "notes.txt").write_text("kept\n", encoding="utf-8")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = tmp_path_factory.mktemp("hostile")
    make_files(made)
    return made


# --- the table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]
    code: int
    stderr: str | None = None  # exactly
    lines: tuple[str, ...] = ()  # lines stderr holds (messages that are not ours)
    stdout: str = ""
    memory: bool = False  # run under a 2 GiB address-space limit


def usage(option: str, message: str) -> tuple[str, ...]:
    return (f"Error: Invalid value for {option}: {message}",)


CASES = [
    # proof: bounded decompression (a cap of 64 MiB per PDF, docs in proof/pdflimits.py)
    Case("flate-bomb", ("proof", "bomb.pdf"), 1, f"bomb.pdf: {LIMIT}\n{ERROR_1}", memory=True),
    Case("double-flate", ("proof", "bomb2.pdf"), 1, f"bomb2.pdf: {LIMIT}\n{ERROR_1}", memory=True),
    Case("run-length", ("proof", "runs.pdf"), 1, f"runs.pdf: {LIMIT}\n{ERROR_1}", memory=True),
    Case(
        "ccitt-content",
        ("proof", "ccitt.pdf"),
        1,
        "ccitt.pdf: a stream the proof reads is CCITTFaxDecode, a filter for pictures "
        f"(is the file damaged?)\n{ERROR_1}",
    ),
    Case(
        "under-the-cap",
        ("proof", "fits.pdf"),
        0,
        "",
        stdout="proof: 1 pages, 0 justified lines checked: no faults\n",
    ),
    Case(
        "plain",
        ("proof", "tiny.pdf"),
        0,
        "",
        stdout="proof: 1 pages, 0 justified lines checked: no faults\n",
    ),
    # proof: encrypted and unreadable files
    Case("user-password", ("proof", "locked.pdf"), 1, f"locked.pdf: {PASSWORD}\n{ERROR_1}"),
    Case(
        "owner-password-only",
        ("proof", "owner.pdf"),
        0,
        "",
        stdout="proof: 1 pages, 0 justified lines checked: no faults\n",
    ),
    Case(
        "empty-file",
        ("proof", "empty.pdf"),
        1,
        f"empty.pdf: not a readable PDF: No /Root object! - Is this really a PDF?\n{ERROR_1}",
    ),
    # messages are safe to print: the path, the YAML key
    Case(
        "escape-in-path",
        ("proof", "esc\x1b]0;pwned\x07.pdf"),
        1,
        "esc\\x1b]0;pwned\\x07.pdf: not a readable PDF: No /Root object! - Is this really a "
        f"PDF?\n{ERROR_1}",
    ),
    Case(
        "escape-in-yaml-key",
        ("check", "key"),
        1,
        lines=(
            "key/issue.yaml:17: unknown key '\\x1b]0;pwned\\x07' (known keys: publication, "
            "kicker, year, number, total, date, publisher, editor, layout, language, "
            "colophon, cover, sections)",
        ),
    ),
    # import refuses what check rejects
    Case(
        "import-layout-outside",
        ("import", "esc.txt", "-o", "out", "--layout", "../../x"),
        2,
        lines=usage("--layout", "unknown layout '../../x' (available: magazine, newsletter)"),
    ),
    Case(
        "import-layout-typo",
        ("import", "esc.txt", "-o", "out", "--layout", "newsleter"),
        2,
        lines=usage(
            "--layout",
            "unknown layout 'newsleter' "
            "(did you mean 'newsletter'? available: magazine, newsletter)",
        ),
    ),
    Case(
        "import-nul",
        ("import", "nul.txt", "-o", "out"),
        1,
        f"nul.txt:11: control character U+0000 NUL cannot be printed (delete it)\n{ERROR_1}",
    ),
    Case(
        "import-esc-bel",
        ("import", "esc.txt", "-o", "existing", "--force"),
        1,
        "esc.txt:13: control character U+001B ESC cannot be printed (delete it)\n"
        "esc.txt:13: control character U+0007 BEL cannot be printed (delete it)\n"
        "2 errors; nothing was written.\n",
    ),
]


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def _listing(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_input_gets_a_message(case: Case, folder: Path) -> None:
    before = _listing(folder)
    done = subprocess.run(
        [sys.executable, "-m", "typesetter", *case.args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limited if case.memory else None,
    )
    output = done.stdout + done.stderr
    assert done.returncode == case.code, output
    assert "Traceback" not in output and "internal error" not in output, output
    assert UNPRINTABLE.search(output.replace("\n", "")) is None, repr(output)
    if case.stderr is not None:
        assert done.stderr == case.stderr
        assert done.stdout == case.stdout
    for line in case.lines:
        assert line in done.stderr.splitlines(), done.stderr
    assert _listing(folder) == before  # nothing written, nothing replaced
    assert not (folder / "out").exists()


def test_import_still_takes_a_clean_text(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "typesetter",
            "import",
            str(DATA_IMPORT / "wrapped-title.txt"),
            "-o",
            str(tmp_path / "issue"),
            "--layout",
            "newsletter",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "issue" / "issue.yaml").is_file()


# --- printable: one place for every message ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("标题：电子商务（上海）", "标题：电子商务（上海）"),  # Chinese and full-width marks stay
        ("key\x1b]0;pwned\x07", "key\\x1b]0;pwned\\x07"),  # ESC, BEL
        ("a\x00b\x7fc\x85d\x9be", "a\\x00b\\x7fc\\x85d\\x9be"),  # NUL, DEL, NEL, CSI
        ("one\ntwo\rthree\tfour", "one\\ntwo\\rthree\\tfour"),  # one message, one line
        ("abc\u202edef\u2066g\u2069\u200f", "abc\\u202edef\\u2066g\\u2069\\u200f"),  # bidi
        ("x\u2028y\u2029z", "x\\u2028y\\u2029z"),  # line and paragraph separators
        ("lone \ud800 half", "lone \\ud800 half"),  # a lone surrogate cannot even be encoded
        (
            "zero\u200bwidth, no-break\u00a0space, emoji 📰",
            "zero\u200bwidth, no-break\u00a0space, emoji 📰",
        ),
    ],
)
def test_printable(text: str, shown: str) -> None:
    assert printable(text) == shown
    problem = Problem(f"articles/{text}.md", 3, f"title: {text}", f"hint {text}")
    assert str(problem) == f"articles/{shown}.md:3: title: {shown} (hint {shown})"


def test_the_proof_report_quotes_the_pdf_text_safely() -> None:
    fault = Fault("short-line", 2, "the line ends short", "文本\x1b]0;pwned\x07\u202e完")
    assert str(fault) == "short-line: the line ends short — 文本\\x1b]0;pwned\\x07\\u202e完"


def test_printable_json_reads_back_as_the_same_text() -> None:
    import json

    data = {"text": "中\x1b\x85\u202e\ud800\x7f\n"}
    shown = printable_json(json.dumps(data, ensure_ascii=False, indent=2))
    assert UNPRINTABLE.search(shown.replace("\n", "")) is None
    assert json.loads(shown) == data


# --- pdflimits: each bounded decoder, with and without a limit ------------------------------


def _decoders() -> dict[str, Callable[[bytes], bytes]]:
    import pdfminer.pdftypes as pdftypes

    return {  # the names PDFStream.decode calls
        "flate": getattr(pdftypes, "zlib").decompress,  # noqa: B009
        "lzw": getattr(pdftypes, "lzwdecode"),  # noqa: B009
        "run-length": getattr(pdftypes, "rldecode"),  # noqa: B009
    }


SAMPLES = {  # encoded → decoded
    "flate": (zlib.compress(b"0123456789" * 10), b"0123456789" * 10),
    "lzw": (b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01", b"-----A---B"),  # PDF 32000-1, 7.4.4.2
    "run-length": (b"\x05123456\xfa7\x04abcde\x80junk", b"1234567777777abcde"),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_bounded_decoders_decode_as_pdfminer_and_stop_at_the_budget(name: str) -> None:
    decode = _decoders()[name]
    encoded, decoded = SAMPLES[name]
    assert decode(encoded) == decoded  # no limit active: pdfminer's own decoder
    with decoding_limit(DecodeBudget(len(decoded))):
        assert decode(encoded) == decoded
    with decoding_limit(DecodeBudget(len(decoded) - 1)), pytest.raises(PDFLimitError):
        decode(encoded)


def test_a_stream_with_a_bad_checksum_is_read_as_pdfminer_reads_it() -> None:
    import pdfminer.pdftypes as pdftypes

    data = zlib.compress(b"abc" * 100)
    broken = data[:-2] + bytes(2)  # the Adler-32 is wrong
    original = pdftypes.decompress_corrupted(broken)  # no limit: pdfminer's function
    with decoding_limit(DecodeBudget()):
        assert pdftypes.decompress_corrupted(broken) == original == b"abc" * 100
    with decoding_limit(DecodeBudget(10)), pytest.raises(PDFLimitError):
        pdftypes.decompress_corrupted(broken)
    decompress = _decoders()["flate"]
    for bad in (broken, data[:-6]):  # a wrong checksum, a truncated stream: as zlib says
        with pytest.raises(zlib.error) as unbounded:
            decompress(bad)
        with decoding_limit(DecodeBudget()), pytest.raises(zlib.error) as bounded:
            decompress(bad)
        assert str(bounded.value) == str(unbounded.value)


def test_the_cap_is_64_mib() -> None:
    assert MAX_DECODED_BYTES == 64 * 2**20


def test_names_the_cli_prints_itself_are_escaped_too(tmp_path: Path) -> None:
    """The success lines echo user-given names (the output path): no raw controls."""
    out = tmp_path / "a\x1b]0;x\x07.pdf"
    issue = ROOT / "tests" / "data" / "stress"
    result = run_cli("build", str(issue), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "a\\x1b]0;x\\x07.pdf: " in result.stdout
