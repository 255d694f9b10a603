"""What the proof found, as data (JSON) and as a per-page report an editor can read."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from typesetter.errors import printable
from typesetter.i18n import Translator
from typesetter.proof.looseness import Looseness

_ = Translator("proof")

#: Every kind of fault the proof measures, in the order the report lists them.
KINDS = (
    "short-line",
    "line-start",
    "line-end",
    "split-dash",
    "split-ellipsis",
    "punct-pair",
    "han-latin-gap",
    "lonely-char",
    "widow",
    "missing-text",
    "toc-page",
    "toc-leader",
    "stranded-heading",
    "caption-apart",
    "outside-area",
    "outside-page",
    "overlap",
)


@dataclass(frozen=True)
class Fault:
    """One measured fault. ``page`` is 1-based; ``text`` is the line (or context) concerned."""

    kind: str
    page: int
    message: str
    text: str = ""

    def __str__(self) -> str:
        text = f" — {_excerpt(self.text)}" if self.text else ""
        return printable(f"{self.kind}: {self.message}{text}")  # the PDF's text, made safe


@dataclass(frozen=True)
class TocEntry:
    """What the table of contents says: a title and the printed page it gives."""

    title: str
    printed_page: int


@dataclass
class ProofReport:
    pages: int
    faults: list[Fault]
    exempt: list[Fault]  # measured but allowed (an unbreakable URL line cannot be justified)
    stats: dict[str, int] = field(default_factory=dict)
    looseness: Looseness | None = None  # a figure, not a fault (proof/looseness.py)

    def ok(self) -> bool:
        return not self.faults

    def counts(self) -> dict[str, int]:
        counted = Counter(f.kind for f in self.faults)
        return {kind: counted[kind] for kind in KINDS if counted[kind]}

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok(),
            "pages": self.pages,
            "counts": self.counts(),
            "faults": [asdict(f) for f in self.faults],
            "exempt": [asdict(f) for f in self.exempt],
            "stats": dict(self.stats),
            "looseness": self.looseness.to_json() if self.looseness else None,
        }

    def format_text(self) -> str:
        """A per-page report: each page's faults, then exempt lines and a summary."""
        out: list[str] = []
        for page in sorted({f.page for f in self.faults}):
            out.append(_("page {page}:", page=page) if page else _("document:"))
            out += [f"  {f}" for f in self.faults if f.page == page]
        if self.exempt:
            out.append(_("exempt (no expansion opportunity):"))
            out += ["  " + _("page {page}: {fault}", page=f.page, fault=f) for f in self.exempt]
        if self.looseness is not None and self.looseness.lines:
            out.append(self.looseness.format_text())
        out.append(self._summary())
        return "\n".join(out)

    def _summary(self) -> str:
        checked = self.stats.get("justified_lines", 0)
        if self.ok():
            return _(
                "proof: {pages} pages, {lines} justified lines checked: no faults",
                pages=self.pages,
                lines=checked,
            )
        kinds = ", ".join(f"{kind} {n}" for kind, n in self.counts().items())
        return _(
            "proof: {pages} pages, {lines} justified lines checked: {faults} faults ({kinds})",
            pages=self.pages,
            lines=checked,
            faults=len(self.faults),
            kinds=kinds,
        )


def _excerpt(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
