"""What a build is asked for: the edition and the print options, one typed object.

``build``, ``check`` and ``archive`` all take a :class:`PrintOptions`; the layout's own
settings fill what it leaves open (:func:`typesetter.printing.resolve`). This module is
cheap to import: the command line builds its options from it before anything renders.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Edition(StrEnum):
    """What a build is for: the printer (the layout's print settings) or screens."""

    PRINT = "print"
    SCREEN = "screen"

    @property
    def suffix(self) -> str:
        """The archive's file-name suffix: ``""`` for print, ``".screen"`` for screen."""
        return "" if self == Edition.PRINT else f".{self.value}"


@dataclass(frozen=True)
class PrintOptions:
    """How to build: one typed object for ``build``, ``check`` and ``archive``.

    ``None`` keeps the layout's (or the edition's) value. :meth:`cache_key` says what the
    archive's fingerprint must cover: two builds with the same key and the same inputs
    give the same bytes.
    """

    edition: Edition = Edition.PRINT
    page_size: str | None = None
    bleed: str | None = None
    marks: str | None = None
    pad_to: int | None = None
    pdf_variant: str | None = None
    optimize_images: bool | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "edition", Edition(self.edition))

    def layout_overrides(self) -> dict[str, Any]:
        """Options for :func:`typesetter.layouts.load_layout`, the edition's first."""
        edition: dict[str, Any] = {}
        if self.edition == Edition.SCREEN:
            edition = {"bleed": "0mm", "marks": "none", "pad_to": 1}
        given = {
            "page_size": self.page_size,
            "bleed": self.bleed,
            "marks": self.marks,
            "pad_to": self.pad_to,
        }
        return {**edition, **{key: value for key, value in given.items() if value is not None}}

    def cache_key(self) -> dict[str, Any]:
        """Every option that changes the output, as JSON-ready values (None: the default)."""
        return {
            "edition": self.edition.value,
            "page_size": self.page_size,
            "bleed": self.bleed,
            "marks": self.marks,
            "pad_to": self.pad_to,
            "pdf_variant": self.pdf_variant,
            "optimize_images": self.optimize_images,
        }
