"""Layouts are folders: ``layouts/<name>/layout.yaml`` (options), Jinja2 templates, CSS.

A layout may name a parent with ``extends``; templates and CSS files not found in the
layout are looked up in its parent, so a new layout overrides only what differs.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .errors import LayoutError, Problem
from .resources import LAYOUTS_DIR
from .yamlsource import YamlDoc, parse_yaml, validation_problems

_LENGTH = re.compile(r"^(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>mm|cm|pt|in|px)$")
_PT_PER_UNIT = {"mm": 72 / 25.4, "cm": 720 / 25.4, "pt": 1.0, "in": 72.0, "px": 0.75}

#: Named page sizes (width, height) in millimetres. 大16开 is the common Chinese
#: periodical trim of 210 × 285 mm.
PAGE_SIZES: dict[str, tuple[float, float]] = {
    "A4": (210, 297),
    "A5": (148, 210),
    "B5": (176, 250),
    "大16开": (210, 285),
    "16开": (185, 260),
}
_CUSTOM_SIZE = re.compile(r"^(\d+(?:\.\d+)?)mm\s*[x×]\s*(\d+(?:\.\d+)?)mm$")
_PT_PER_MM = 72 / 25.4

# Limits of the page geometry (docs/layouts.md, "Limits"), for layout.yaml and the command
# line alike: a typo (0mm×0mm, a bleed of 5000mm, margins wider than the page) is an error
# instead of a build that runs for minutes, fills the disk, or prints nothing readable.
#: Each side of the page (the trim), in mm: from a pocket booklet to a broadsheet.
PAGE_SIDE_MM = (50.0, 1000.0)
#: Lengths with a unit, by option: (least, most), in mm; ``body_size`` in pt.
LENGTH_LIMITS_MM: dict[str, tuple[float, float]] = {
    "bleed": (0.0, 20.0),
    "band_top": (0.0, 100.0),
    "top": (0.0, 200.0),
    "bottom": (0.0, 200.0),
    "inner": (0.0, 200.0),
    "outer": (0.0, 200.0),
}
BODY_SIZE_PT = (6.0, 24.0)
#: The text area (the page less its margins) is at least this wide and this tall, in mm.
TEXT_AREA_MM = 40.0
#: ``pad_to`` is 1 to this many pages (saddle-stitched signatures are 4 to 32 pages).
PAD_TO_MAX = 64


def length_pt(text: str) -> float:
    """Parse a CSS length such as ``3mm`` or ``10.5pt`` into points."""
    match = _LENGTH.match(text.strip())
    if match is None:
        raise ValueError(f"not a length: {text!r} (write a number and a unit: mm, cm, pt, in, px)")
    return float(match["value"]) * _PT_PER_UNIT[match["unit"]]


def page_size_mm(name: str) -> tuple[float, float]:
    """The (width, height) in mm of a named or ``WIDTHmm×HEIGHTmm`` page size.

    ValueError for an unknown name, or a side outside :data:`PAGE_SIDE_MM`.
    """
    if name in PAGE_SIZES:
        return PAGE_SIZES[name]
    match = _CUSTOM_SIZE.match(name.strip())
    if match is None:
        known = ", ".join(PAGE_SIZES)
        raise ValueError(f"unknown page size {name!r} (use one of {known}, or e.g. 210mm×285mm)")
    width, height = float(match[1]), float(match[2])
    low, high = PAGE_SIDE_MM
    if not (low <= width <= high and low <= height <= high):
        raise ValueError(f"each side must be {low:g}–{high:g} mm, not {name}")
    return width, height


def bounded_length_pt(text: str, name: str) -> float:
    """:func:`length_pt` of the option ``name`` (``bleed``, ``body_size``, a margin…),
    ValueError when it is outside that option's limits."""
    points = length_pt(text)
    if name == "body_size":
        low, high = BODY_SIZE_PT
        if not low <= points <= high:
            raise ValueError(f"must be {low:g}–{high:g} pt, not {text}")
        return points
    low, high = LENGTH_LIMITS_MM[name]
    if not low <= points / _PT_PER_MM <= high + 1e-9:
        raise ValueError(f"must be {low:g}–{high:g} mm, not {text}")
    return points


def _check_length(value: str, info: ValidationInfo) -> str:
    try:
        bounded_length_pt(value, info.field_name or "")
    except ValueError as error:  # the message as it is, without pydantic's "Value error, "
        raise PydanticCustomError("length", "{reason}", {"reason": str(error)}) from None
    return value


Length = Annotated[str, Field(description="A CSS length with a unit, e.g. 20mm or 10.5pt")]


class Margins(BaseModel):
    """Page margins. ``inner``/``outer`` mirror on facing pages when ``mirror`` is on."""

    model_config = ConfigDict(extra="forbid")
    top: Length = "20mm"
    bottom: Length = "20mm"
    inner: Length = "20mm"
    outer: Length = "18mm"
    mirror: bool = Field(default=True, description="Mirror inner/outer margins on left/right pages")

    _lengths = field_validator("top", "bottom", "inner", "outer")(_check_length)


class Fonts(BaseModel):
    """Font families, by name, as the vendored fonts declare them."""

    model_config = ConfigDict(extra="forbid")
    serif: list[str] = ["Noto Serif CJK SC"]
    sans: list[str] = ["Noto Sans CJK SC"]
    fallback: list[str] = Field(default_factory=list, description="Tried after serif/sans")


class LayoutOptions(BaseModel):
    """The options of ``layout.yaml``; every key is documented in docs/layouts.md."""

    model_config = ConfigDict(extra="forbid")
    name: str
    description: str = ""
    extends: str | None = Field(None, description="Parent layout for missing templates/CSS")
    page_size: str = Field("A4", description="A4, A5, B5, 大16开, 16开 or WIDTHmm×HEIGHTmm")
    margins: Margins = Field(default_factory=Margins)
    body_size: Length = "10.5pt"
    line_height: float = Field(1.7, ge=1.0, le=3.0)
    fonts: Fonts = Field(default_factory=Fonts)
    accent: str = Field("#9b1c1c", description="Accent colour (masthead band, rules)")
    band_top: Length = Field(
        "12mm", description="Cover masthead band: space from the top trim edge to the masthead"
    )
    toc_title: str = "目录"
    columns: int = Field(
        1,
        description="Columns of the body pages, 1 or 2; with 2, section headings and "
        "article titles span both columns",
    )
    bleed: Length = "0mm"
    marks: Literal["none", "crop", "cross", "both"] = "none"
    paragraph_start_bracket: Literal["full", "half"] = Field(
        "full",
        description="An opening bracket (《 “ （ …) that starts a body paragraph: set full "
        "width after the indent, or half width (its blank left half removed; clreq §3.1.6)",
    )
    pad_to: int = Field(
        1, ge=1, le=PAD_TO_MAX, description="Pad the page count to a multiple of this"
    )
    cmyk_profile: str | None = Field(
        None,
        description="ICC profile of the printing condition (PDF/X output intent), a file "
        "in the layout folder; default: color/FOGRA39L_coated.icc",
    )

    max_megapixels: float = Field(
        100,
        description="The most pixels a raster picture may have, in millions (width × height "
        "/ 1,000,000), from more than 0 to 1000; a larger picture is an error. A full A4 page "
        "at 300 ppi is 8.7",
    )

    stylesheets: list[str] = Field(
        default_factory=list,
        description="CSS files of the layout folders, inlined in this order; a .css.j2 file "
        "is rendered with Jinja2 first. A layout that extends another inherits its list",
    )

    _lengths = field_validator("body_size", "bleed", "band_top")(_check_length)

    @field_validator("stylesheets")
    @classmethod
    def _css_files(cls, names: list[str]) -> list[str]:
        for name in names:
            if not name.endswith((".css", ".css.j2")):
                raise ValueError(f"{name!r} is not a .css or .css.j2 file")
            if Path(name).is_absolute() or ".." in Path(name).parts:
                raise ValueError(f"{name!r} is not a file name inside the layout folder")
        return names

    @field_validator("max_megapixels", mode="before")
    @classmethod
    def _megapixels(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PydanticCustomError(
                "megapixels",
                "must be a number of megapixels, e.g. 100, not {value}",
                {"value": repr(value)},
            )
        if not 0 < value <= 1000:
            raise PydanticCustomError(
                "megapixels", "must be more than 0 and at most 1000, not {value}", {"value": value}
            )
        return value

    @field_validator("columns", mode="before")
    @classmethod
    def _columns(cls, value: Any) -> Any:
        if isinstance(value, bool) or value not in (1, 2):
            raise PydanticCustomError(
                "columns", "must be 1 or 2, not {value}", {"value": repr(value)}
            )
        return value

    @field_validator("page_size")
    @classmethod
    def _known_size(cls, value: str) -> str:
        try:
            page_size_mm(value)
        except ValueError as error:
            raise PydanticCustomError("page_size", "{reason}", {"reason": str(error)}) from None
        return value


@dataclass(frozen=True)
class Layout:
    """A resolved layout: its options and the folders templates are searched in."""

    name: str
    options: LayoutOptions
    folders: tuple[Path, ...]

    @cached_property
    def template_dirs(self) -> list[str]:
        return [str(folder) for folder in self.folders]

    def find(self, filename: str) -> Path:
        for folder in self.folders:
            candidate = folder / filename
            if candidate.is_file():
                return candidate
        raise LayoutError(f"layout {self.name}: no file {filename} in {self.folders[0]}")


def available_layouts(root: Path = LAYOUTS_DIR) -> list[str]:
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "layout.yaml").is_file())


def load_layout(name: str, root: Path = LAYOUTS_DIR, **overrides: Any) -> Layout:
    """Load ``layouts/<name>``, validate its options, and apply ``overrides`` on top.

    Options a layout does not set come from the layout it ``extends``. Every problem of
    its ``layout.yaml`` is reported at once, with the line of the offending key.
    """
    folders: list[Path] = []
    merged: dict[str, Any] = {}
    origin: dict[str, Path] = {}  # option → the folder whose layout.yaml sets it
    current: str | None = name
    while current is not None:
        folder = root / current
        if folder in folders:
            raise LayoutError(f"layouts/{name}: 'extends' loops back to {current}")
        options = _read_options(folder, current, root)
        folders.append(folder)
        origin = {**dict.fromkeys(options, folder), **origin}
        merged = {**options, **merged}
        extends = options.get("extends")
        current = extends if isinstance(extends, str) else None
    merged["name"] = name
    merged.update({key: value for key, value in overrides.items() if value is not None})
    try:
        validated = LayoutOptions.model_validate(merged)
    except ValidationError as error:
        path = str(folders[0] / "layout.yaml")
        doc = YamlDoc(merged, _places(folders[0] / "layout.yaml", path))
        raise LayoutError(validation_problems(error, doc, path, LayoutOptions)) from None
    small = _text_area_problems(validated, origin.get("margins", folders[0]), overrides)
    if small:
        raise LayoutError(small)
    layout = Layout(name=name, options=validated, folders=tuple(folders))
    missing = _missing_stylesheets(layout, origin.get("stylesheets", folders[0]))
    if missing:
        raise LayoutError(missing)
    return layout


def _text_area_problems(
    options: LayoutOptions, folder: Path, overrides: dict[str, Any]
) -> list[Problem]:
    """A problem when the margins leave less than :data:`TEXT_AREA_MM` each way for text,
    at the ``margins`` line of the ``layout.yaml`` (of ``folder``) that sets them."""
    width, height = page_size_mm(options.page_size)
    margins = options.margins
    across = width - (length_pt(margins.inner) + length_pt(margins.outer)) / _PT_PER_MM
    down = height - (length_pt(margins.top) + length_pt(margins.bottom)) / _PT_PER_MM
    if across >= TEXT_AREA_MM and down >= TEXT_AREA_MM:
        return []
    path = folder / "layout.yaml"
    place = _places(path, str(path)).get(("margins",))
    least = f"{TEXT_AREA_MM:g} mm"
    message = (
        f"margins: leave {_mm(across)} × {_mm(down)} for text on the "
        f"{_mm(width)} × {_mm(height)} page (at least {least} × {least})"
    )
    if overrides.get("page_size") is not None:
        hint = f"the page size {options.page_size} given for this build is too small for them"
    else:
        hint = "make the margins smaller or the page larger"
    return [Problem(str(path), place.key_line if place else None, message, hint)]


def _mm(value: float) -> str:
    return f"{round(value, 1):g} mm"


def _missing_stylesheets(layout: Layout, folder: Path) -> list[Problem]:
    """A problem for each listed stylesheet no folder of the layout has, at its line in
    the ``layout.yaml`` (of ``folder``) that lists it."""
    path = folder / "layout.yaml"
    places: dict[Any, Any] | None = None
    problems = []
    for i, name in enumerate(layout.options.stylesheets):
        if any((each / name).is_file() for each in layout.folders):
            continue
        if places is None:
            places = _places(path, str(path))
        place = places.get(("stylesheets", i)) or places.get(("stylesheets",))
        existing = sorted(
            {
                sheet.relative_to(each).as_posix()
                for each in layout.folders
                for sheet in [*each.rglob("*.css"), *each.rglob("*.css.j2")]
            }
        )
        hint = "stylesheets there: " + ", ".join(existing) if existing else "no .css file there"
        where = ", ".join(f"layouts/{each.name}" for each in layout.folders)
        message = f"stylesheets: no file {name!r} in {where}"
        problems.append(Problem(str(path), place.line if place else None, message, hint))
    return problems


def _read_options(folder: Path, name: str, root: Path) -> dict[str, Any]:
    path = folder / "layout.yaml"
    if not path.is_file():
        known = available_layouts(root)
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"available: {', '.join(known)}"
        raise LayoutError([Problem(str(folder), None, f"unknown layout {name!r}", hint)])
    doc, problems = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    if problems or doc is None:
        raise LayoutError(problems)
    if not isinstance(doc.data, dict):
        raise LayoutError([Problem(str(path), 1, "layout.yaml must be a mapping of options")])
    return doc.data


def _places(path: Path, display: str) -> dict[Any, Any]:
    doc, _ = parse_yaml(path.read_text(encoding="utf-8"), display)
    return doc.places if doc is not None else {}
