"""Benchmark: looseness (issue 17) on the seed, on issues it has not seen, and on the stress
issue, as `typesetter proof` reports it.

    .venv/bin/python benchmarks/looseness.py [--rotations 3] [--page-size A4]

The unseen issues are stand-ins for issues written to the content contract: the seed with
the sentences of each plain paragraph rotated by 1, 2, 3… (`然是…。无论…。` becomes
`无论…。然是…。`), which keeps the kind of text (Han, digits, Latin words, marks) and
changes every line break. Prints one row per issue: pages, justified lines, p50, p99 and
max of the median Han–Han gap per line, and whether the proof is clean.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from typesetter.pipeline import build_issue, proof_pdf  # noqa: E402

SEED = ROOT / "content" / "2023-17"
STRESS = ROOT / "tests" / "data" / "stress"
_SENTENCE = re.compile(r"[^。！？]+[。！？]+[”’」』]*")


def rotated(source: Path, folder: Path, by: int) -> Path:
    """A copy of the issue ``source`` whose plain paragraphs have their sentences
    rotated ``by`` places (lists, headings, tables, quotes, pictures and paragraphs with
    inline markup are kept)."""
    issue = folder / f"{source.name}-rotated-{by}"
    shutil.copytree(source, issue)
    for article in sorted((issue / "articles").glob("*.md")):
        head, rule, body = article.read_text(encoding="utf-8").partition("\n---\n")
        paragraphs = [_rotate(paragraph, by) for paragraph in body.split("\n\n")]
        article.write_text(head + rule + "\n\n".join(paragraphs), encoding="utf-8")
    return issue


def _rotate(paragraph: str, by: int) -> str:
    text = paragraph.strip()
    if not text or "\n" in text or text[0] in "#-+>|0123456789" or set(text) & set("*_`[]<"):
        return paragraph  # not a plain paragraph (inline markup would be cut in two)
    sentences = _SENTENCE.findall(text)
    if len(sentences) < 2 or "".join(sentences) != text:
        return paragraph
    by %= len(sentences)
    return "".join(sentences[by:] + sentences[:by])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rotations", type=int, default=3)
    parser.add_argument("--page-size", default=None)
    args = parser.parse_args()
    options = {"page_size": args.page_size} if args.page_size else {}
    print(f"page size: {args.page_size or 'each issue’s own'}")
    print("| issue | pages | justified lines | p50 em | p99 em | max em | proof |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        issues = [("content/2023-17", SEED)]
        issues += [
            (f"2023-17, sentences rotated by {by}", rotated(SEED, folder, by))
            for by in range(1, args.rotations + 1)
        ]
        issues.append(("tests/data/stress", STRESS))
        for label, issue in issues:
            built = build_issue(issue, folder / "issue.pdf", **options)
            report = proof_pdf(built.output, issue)
            figure = report.looseness
            clean = "clean" if report.ok() else f"{len(report.faults)} faults"
            print(
                f"| {label} | {built.pages} | {figure.lines} | {figure.p50:.3f} | "
                f"{figure.p99:.3f} | {figure.max:.3f} | {clean} |"
            )


if __name__ == "__main__":
    main()
