"""Finishing the PDF objects WeasyPrint wrote, for print: page boxes, colour, links.

Page boxes. WeasyPrint writes ``MediaBox`` = page + CSS bleed, ``TrimBox`` = page, and a
``BleedBox`` of at most 10 pt around the trim; marks are drawn in the outer half of the
CSS bleed, so the finisher sets ``BleedBox`` to exactly trim + bleed.

PDF/X. DeviceRGB colours and pictures are declared sRGB (``DefaultRGB``), links are
dropped (no annotations on the printed area), and the output intent of the shipped
FOGRA39L profile is named by its registered characterization, ``FOGRA39``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from typing import Any


@dataclass(frozen=True)
class OutputCondition:
    """How the PDF/X output intent names a registered printing condition."""

    identifier: str
    registry: str
    info: str


#: The condition of the shipped profile (color/README.md), from the ICC registry.
FOGRA39 = OutputCondition(
    identifier="FOGRA39",
    registry="http://www.color.org",
    info="Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 "
    "= coated art, 115 g/m2, screen ruling 60/cm",
)


def finisher(
    *,
    bleed_pt: float,
    fix_boxes: bool,
    cmyk: bool,
    profile: bytes | None = None,
    condition: OutputCondition | None = None,
) -> Callable[[Any, Any], None] | None:
    """A WeasyPrint finisher for what its output lacks for print; None when none is due.

    ``profile`` is the output intent's ICC file as it should be embedded: WeasyPrint
    embeds the profile as LittleCMS writes it again (twice the size for FOGRA39L), not
    the file. ``condition`` names the output intent's printing condition (None keeps
    WeasyPrint's naming: the profile's own description, right for a printer's profile).
    """
    if not fix_boxes and not cmyk:
        return None

    def finish(document: Any, pdf: Any) -> None:
        if fix_boxes:
            for page in _pages(pdf):
                _set_bleed_box(page, bleed_pt)
        if cmyk:
            _default_rgb(pdf)
            _drop_links(pdf)
            if profile is not None:
                _embed_profile(pdf, profile)
            if condition is not None:
                _name_condition(pdf, condition)

    return finish


def _pages(pdf: Any) -> list[Any]:
    return [pdf.objects[number] for number in pdf.pages["Kids"][::3]]


def _object(pdf: Any, reference: bytes | str) -> Any:
    text = reference.decode("ascii") if isinstance(reference, bytes) else reference
    return pdf.objects[int(text.split()[0])]


def _set_bleed_box(page: Any, bleed_pt: float) -> None:
    import pydyf

    left, top, right, bottom = (float(v) for v in page["TrimBox"])
    media = [float(v) for v in page["MediaBox"]]
    page["BleedBox"] = pydyf.Array(
        [
            max(media[0], left - bleed_pt),
            max(media[1], top - bleed_pt),
            min(media[2], right + bleed_pt),
            min(media[3], bottom + bleed_pt),
        ]
    )


def _default_rgb(pdf: Any) -> None:
    """DeviceRGB colours and images are sRGB: say so, as PDF/X-4 requires (DefaultRGB)."""
    import pydyf

    data = (files("weasyprint") / "pdf" / "sRGB2014.icc").read_bytes()
    profile = pydyf.Stream([data], pydyf.Dictionary({"N": 3}), compress=True)
    pdf.add_object(profile)
    spaces = set()
    for page in _pages(pdf):
        resources = _object(pdf, page["Resources"])
        spaces.add(resources["ColorSpace"])
    for reference in sorted(spaces):
        _object(pdf, reference)["DefaultRGB"] = pydyf.Array(("/ICCBased", profile.reference))


def _drop_links(pdf: Any) -> None:
    """PDF/X allows no annotations on the printed area; the print edition needs no links."""
    for page in _pages(pdf):
        page.pop("Annots", None)


def _embed_profile(pdf: Any, data: bytes) -> None:
    """The output intent's profile stream holds the ICC file's own bytes."""
    for intent in pdf.catalog.get("OutputIntents", ()):
        _object(pdf, intent["DestOutputProfile"]).stream = [data]


def _name_condition(pdf: Any, condition: OutputCondition) -> None:
    """Name the output intent's registered printing condition (ISO 15930-7 14.11)."""
    import pydyf

    for intent in pdf.catalog.get("OutputIntents", ()):
        intent["OutputConditionIdentifier"] = pydyf.String(condition.identifier)
        intent["RegistryName"] = pydyf.String(condition.registry)
        intent["OutputCondition"] = pydyf.String(condition.info)
        intent["Info"] = pydyf.String(condition.info)
