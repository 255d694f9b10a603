"""Layouts are folders: ``<name>/layout.yaml`` (options), Jinja2 templates, CSS.

A layout may name a parent with ``extends``; templates and CSS files not found in the
layout are looked up in its parent, so a new layout overrides only what differs.

Where a layout is found (docs/layouts.md, "Where layouts come from"): the ``layouts/``
folder beside the issue or in its nearest parent folder, the folders of ``--layouts``
and ``TYPESETTER_LAYOUTS``, then the built-in layouts; ``extends`` is looked up the same
way. ``issue.yaml`` may also name a layout folder by a relative path.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
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
from .i18n import N_, Translator
from .resources import FONTS_DIR, LAYOUTS_DIR
from .yamlsource import YamlDoc, parse_yaml, validation_problems

_ = Translator("layout")

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
    "logo_height": (5.0, 60.0),
}
BODY_SIZE_PT = (6.0, 24.0)
#: The text area (the page less its margins) is at least this wide and this tall, in mm.
TEXT_AREA_MM = 40.0
#: ``pad_to`` is 1 to this many pages (saddle-stitched signatures are 4 to 32 pages).
PAD_TO_MAX = 64
#: ``chars_per_line``: the least and the most body characters of a line (of a column).
CHARS_PER_LINE = (10, 100)
#: The gutter between two columns, in body em (page.css.j2 sets ``column-gap: 2em``).
GUTTER_EM = 2
#: The text width is this much (pt) over the grid: the line breaker, which truncates
#: widths to Pango units, must find room for the last character of a full line.
GRID_SLACK_PT = 0.005


def length_pt(text: str) -> float:
    """Parse a CSS length such as ``3mm`` or ``10.5pt`` into points."""
    match = _LENGTH.match(text.strip())
    if match is None:
        raise ValueError(
            _(
                "not a length: {text} (write a number and a unit: mm, cm, pt, in, px)",
                text=repr(text),
            )
        )
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
        raise ValueError(
            _(
                "unknown page size {name} (use one of {known}, or e.g. 210mm×285mm)",
                name=repr(name),
                known=known,
            )
        )
    width, height = float(match[1]), float(match[2])
    low, high = PAGE_SIDE_MM
    if not (low <= width <= high and low <= height <= high):
        raise ValueError(
            _(
                "each side must be {low}–{high} mm, not {name}",
                low=format(low, "g"),
                high=format(high, "g"),
                name=name,
            )
        )
    return width, height


def bounded_length_pt(text: str, name: str) -> float:
    """:func:`length_pt` of the option ``name`` (``bleed``, ``body_size``, a margin…),
    ValueError when it is outside that option's limits."""
    points = length_pt(text)
    if name == "body_size":
        (low, high), value = BODY_SIZE_PT, points
        template = N_("must be {low}–{high} pt, not {text}")
    else:
        (low, high), value = LENGTH_LIMITS_MM[name], points / _PT_PER_MM
        template = N_("must be {low}–{high} mm, not {text}")
    if not low <= value <= high + 1e-9:
        raise ValueError(_(template, low=format(low, "g"), high=format(high, "g"), text=text))
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


@cache
def vendored_families(fonts_dir: Path = FONTS_DIR) -> tuple[str, ...]:
    """The font families of the vendored fonts (``fonts/coverage.json``), sorted."""
    try:
        data = json.loads((fonts_dir / "coverage.json").read_text(encoding="utf-8"))
        return tuple(sorted({str(font["family"]) for font in data["fonts"]}))
    except (OSError, ValueError, KeyError, TypeError):  # pragma: no cover - a broken install
        return ()


def _check_families(families: list[str] | None) -> list[str] | None:
    known = vendored_families()
    for family in families or []:
        if known and family not in known:
            close = difflib.get_close_matches(family, known, n=1)
            if close:  # the template is translated; pydantic fills its fields
                template = _(
                    "no vendored font family {family} (did you mean {close}? families in "
                    "fonts/: {known})"
                )
            else:
                template = _("no vendored font family {family} (families in fonts/: {known})")
            raise PydanticCustomError(
                "font_family",
                template,
                {
                    "family": repr(family),
                    "close": repr(close[0]) if close else "",
                    "known": ", ".join(known),
                },
            )
    return families


class Fonts(BaseModel):
    """Font families, by name, as the vendored fonts declare them."""

    model_config = ConfigDict(extra="forbid")
    serif: list[str] = ["Noto Serif CJK SC"]
    sans: list[str] = ["Noto Sans CJK SC"]
    fallback: list[str] = Field(default_factory=list, description="Tried after serif/sans")
    body: list[str] | None = Field(default=None, description="Body text; default: serif")
    title: list[str] | None = Field(
        default=None, description="Masthead, section headings and article titles; default: sans"
    )

    _families = field_validator("serif", "sans", "fallback", "body", "title")(_check_families)


#: The fields each format option may use.
FORMAT_FIELDS: dict[str, tuple[str, ...]] = {
    "issue_line": ("year", "number", "total"),
    "date_format": ("year", "month", "day"),
}


class MissingField(ValueError):
    """A format's field without a value, outside an optional ``[…]`` part."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _format_parts(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into (optional, format) parts: a part in ``[`` ``]`` is optional,
    ``[[`` and ``]]`` are a bracket itself. ValueError for an unbalanced bracket."""
    parts: list[tuple[bool, str]] = []
    current, optional, i = "", False, 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in ("[[", "]]"):
            current += pair[0]
            i += 2
            continue
        char = text[i]
        if char == "[":
            if optional:
                raise ValueError(_("an optional part [ … ] cannot hold another"))
            parts.append((False, current))
            current, optional = "", True
        elif char == "]":
            if not optional:
                raise ValueError(_("a ']' closes no '[' (write ]] for the bracket itself)"))
            parts.append((True, current))
            current, optional = "", False
        else:
            current += char
        i += 1
    if optional:
        raise ValueError(_("an optional part '[' is not closed with ']'"))
    parts.append((False, current))
    return [part for part in parts if part[1]]


def format_fields(text: str, values: dict[str, int | None]) -> str:
    """``text`` (an ``issue_line`` or ``date_format``) with its fields filled in; an
    optional part ``[…]`` is left out when a field in it has no value (None)."""
    out = []
    for optional, part in _format_parts(text):
        names = [name for _, name, _, _ in string.Formatter().parse(part) if name]
        missing = [name for name in names if values.get(name) is None]
        if missing:
            if optional:
                continue
            raise MissingField(missing[0])
        out.append(part.format_map(values))
    return "".join(out)


def _check_format(value: str, info: ValidationInfo) -> str:
    fields = FORMAT_FIELDS[info.field_name or ""]
    shown = ", ".join(f"{{{name}}}" for name in fields)
    try:
        for _optional, part in _format_parts(value):
            for _text, name, _spec, _conversion in string.Formatter().parse(part):
                if name is not None and name not in fields:
                    raise ValueError(
                        _("unknown field {{{name}}} (fields: {fields})", name=name, fields=shown)
                    )
        format_fields(value, dict.fromkeys(fields, 1))
    except (ValueError, IndexError) as error:
        reason = str(error) if not isinstance(error, IndexError) else _("a field needs a name")
        if "Single '" in reason or "expected '}'" in reason:
            reason = _("{reason} (write {{{{ or }}}} for a brace itself)", reason=reason)
        raise PydanticCustomError("format", "{reason}", {"reason": reason}) from None
    return value


_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def rgb(colour: str) -> tuple[int, int, int]:
    """The red, green and blue (0–255) of ``#rgb`` or ``#rrggbb``."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white: ``amount`` of the colour (0–1), the rest white."""
    return "#" + "".join(f"{round(255 - (255 - c) * amount):02x}" for c in rgb(colour))


class Masthead(BaseModel):
    """The cover's masthead: ``band`` (a coloured band), ``plain``, with or without a logo."""

    model_config = ConfigDict(extra="forbid")
    style: Literal["band", "plain"] = Field(
        default="plain",
        description="band: the title white on an accent band; plain: accent on white",
    )
    logo: str | None = Field(
        default=None, description="A picture in the layout folder (PNG, JPEG, SVG)"
    )
    logo_height: Length = Field(default="16mm", description="The logo's height, 5–60 mm")
    title: bool = Field(
        default=True, description="Print the title beside the logo (false: the logo only)"
    )

    @field_validator("logo")
    @classmethod
    def _logo_file(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if Path(value).is_absolute() or ".." in Path(value).parts or "\\" in value:
            raise ValueError(
                _("{name} is not a file name inside the layout folder", name=repr(value))
            )
        if not value.lower().endswith((".png", ".jpg", ".jpeg", ".svg")):
            raise ValueError(_("{name} is not a PNG, JPEG or SVG file", name=repr(value)))
        return value

    _height = field_validator("logo_height")(_check_length)


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
    accent: str = Field(
        "#9b1c1c",
        description="Accent colour, #rgb or #rrggbb: masthead band, rules, section marks; "
        "its light tints (table heads, quotes, the cover note) are mixed from it",
    )
    masthead: Masthead = Field(
        default_factory=lambda: Masthead(style="band"),
        description="band, plain, or a mapping: {logo: FILE, style, logo_height, title}",
    )
    issue_line: str = Field(
        "{year}年第{number}期[（总{total}期）]",
        description="The issue line on the cover and in the running header: fields {year}, "
        "{number}, {total}; a part in [ ] is left out when the issue has no total",
    )
    date_format: str = Field(
        "{year}年{month}月{day}日", description="The cover date: fields {year}, {month}, {day}"
    )
    toc: Literal["cover", "page2", "none"] = Field(
        "cover", description="The table of contents: on the cover, on page 2, or none"
    )
    band_top: Length = Field(
        "12mm", description="Cover masthead band: space from the top trim edge to the masthead"
    )
    toc_title: str = "目录"
    columns: int = Field(
        1,
        description="Columns of the body pages, 1 or 2; with 2, section headings and "
        "article titles span both columns",
    )
    chars_per_line: int | None = Field(
        None,
        description="Body characters per line (of each column): the text width is exactly "
        "that many times body_size, and the margins take the rest; default: as many as the "
        "margins leave room for",
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
    _formats = field_validator("issue_line", "date_format")(_check_format)

    @field_validator("accent")
    @classmethod
    def _hex_colour(cls, value: str) -> str:
        if not _HEX.match(value.strip()):
            raise PydanticCustomError(
                "colour",
                _(
                    "must be a colour as #rrggbb or #rgb, e.g. '#1f4e9b', not {value} "
                    "(quote it: a bare # starts a YAML comment)"
                ),
                {"value": repr(value)},
            )
        return value.strip()

    @field_validator("masthead", mode="before")
    @classmethod
    def _masthead_style(cls, value: Any) -> Any:
        if isinstance(value, str):
            if value not in ("band", "plain"):
                raise PydanticCustomError(
                    "masthead",
                    # pydantic fills {value} only: the braces of the example stay single.
                    _("must be band, plain, or a mapping such as {logo: logo.png}, not {value}"),
                    {"value": repr(value)},
                )
            return {"style": value}
        return value

    @property
    def accent_tints(self) -> dict[str, str]:
        """The accent and its tints mixed with white, as CSS variables (page.css.j2)."""
        return {
            "--accent": self.accent,
            "--accent-soft": tint(self.accent, 0.4),
            "--accent-tint": tint(self.accent, 0.12),
            "--accent-pale": tint(self.accent, 0.06),
        }

    @field_validator("stylesheets")
    @classmethod
    def _css_files(cls, names: list[str]) -> list[str]:
        for name in names:
            if not name.endswith((".css", ".css.j2")):
                raise ValueError(_("{name} is not a .css or .css.j2 file", name=repr(name)))
            if Path(name).is_absolute() or ".." in Path(name).parts:
                raise ValueError(
                    _("{name} is not a file name inside the layout folder", name=repr(name))
                )
        return names

    @field_validator("max_megapixels", mode="before")
    @classmethod
    def _megapixels(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PydanticCustomError(
                "megapixels",
                _("must be a number of megapixels, e.g. 100, not {value}"),
                {"value": repr(value)},
            )
        if not 0 < value <= 1000:
            raise PydanticCustomError(
                "megapixels",
                _("must be more than 0 and at most 1000, not {value}"),
                {"value": value},
            )
        return value

    @field_validator("columns", mode="before")
    @classmethod
    def _columns(cls, value: Any) -> Any:
        if isinstance(value, bool) or value not in (1, 2):
            raise PydanticCustomError(
                "columns", _("must be 1 or 2, not {value}"), {"value": repr(value)}
            )
        return value

    @field_validator("chars_per_line", mode="before")
    @classmethod
    def _chars_per_line(cls, value: Any) -> Any:
        low, high = CHARS_PER_LINE
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high
        ):
            raise PydanticCustomError(
                "chars_per_line",
                _("must be a whole number of characters, {low}–{high}, not {value}"),
                {"low": low, "high": high, "value": repr(value)},
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
    #: The name of each folder's layout (the parent a template names as ``NAME/…``).
    names: tuple[str, ...] = ()
    #: Where each folder was found: beside the issue, --layouts, TYPESETTER_LAYOUTS,
    #: built-in, or a path.
    origins: tuple[str, ...] = ()
    #: Top-level option → the layout.yaml that sets it.
    sources: dict[str, Path] = field(default_factory=dict, compare=False, hash=False)

    def source(self, *loc: str | int) -> tuple[str, int | None]:
        """The layout.yaml (as a path) and line that set the option at ``loc``."""
        path = self.sources.get(str(loc[0]), self.folders[0] / "layout.yaml")
        places = _places(path, str(path)) if path.is_file() else {}
        while loc and loc not in places:
            loc = loc[:-1]
        place = places.get(loc)
        return str(path), place.line if place is not None else None

    def asset(self, filename: str) -> Path | None:
        """A file of the layout's folders (child first), never outside them."""
        if Path(filename).is_absolute() or ".." in Path(filename).parts:
            return None
        for folder in self.folders:
            candidate = folder / filename
            if candidate.is_file():
                return candidate
        return None

    @cached_property
    def stylesheet_files(self) -> list[tuple[str, Path]]:
        """The CSS of the document, in order: ``stylesheets`` (each found child first),
        then each folder's ``extra.css``, the furthest parent's first."""
        files = [(name, self.find(name)) for name in self.options.stylesheets]
        listed = {path.resolve() for _, path in files}
        for folder in reversed(self.folders):
            extra = folder / "extra.css"
            if extra.is_file() and extra.resolve() not in listed:
                files.append(("extra.css", extra))
        return files

    @cached_property
    def area(self) -> TypeArea:
        """The text area on the body grid, and the margins that hold it."""
        return type_area(self.options)

    @cached_property
    def template_dirs(self) -> list[str]:
        return [str(folder) for folder in self.folders]

    def find(self, filename: str) -> Path:
        for folder in self.folders:
            candidate = folder / filename
            if candidate.is_file():
                return candidate
        raise LayoutError(
            _(
                "layout {name}: no file {file} in {folder}",
                name=self.name,
                file=filename,
                folder=self.folders[0],
            )
        )


@dataclass(frozen=True)
class TypeArea:
    """The text area on the grid of the body size (clreq §3.1): every line (of every column)
    is ``chars`` body characters wide, and the margins take what the page has over."""

    chars: int
    columns: int
    body_pt: float
    #: The margins on the binding side and the fore-edge, in mm, the page less the text.
    inner_mm: float
    outer_mm: float

    @property
    def column_pt(self) -> float:
        return self.chars * self.body_pt

    @property
    def text_width_pt(self) -> float:
        gutter = GUTTER_EM * self.body_pt if self.columns == 2 else 0.0
        return self.columns * self.column_pt + gutter

    @property
    def margins(self) -> tuple[str, str]:
        """``inner`` and ``outer`` as CSS lengths."""
        return f"{self.inner_mm:.4f}mm", f"{self.outer_mm:.4f}mm"


def grid_chars(options: LayoutOptions) -> int:
    """The most body characters a line (of a column) can hold between the margins."""
    width, _ = page_size_mm(options.page_size)
    margins, em = options.margins, length_pt(options.body_size)
    room = width * _PT_PER_MM - length_pt(margins.inner) - length_pt(margins.outer)
    gutter = GUTTER_EM if options.columns == 2 else 0
    return max(1, int((room / em - gutter) / options.columns + 1e-6))


def type_area(options: LayoutOptions) -> TypeArea:
    """The text width, a whole number of body characters: ``chars_per_line``, or as many as
    the margins leave room for; the margins take the rest, in their inner:outer proportion,
    so that the page keeps its size."""
    width, _ = page_size_mm(options.page_size)
    em = length_pt(options.body_size)
    chars = options.chars_per_line or grid_chars(options)
    area = TypeArea(chars, options.columns, em, 0.0, 0.0)
    inner, outer = length_pt(options.margins.inner), length_pt(options.margins.outer)
    rest = width * _PT_PER_MM - area.text_width_pt - GRID_SLACK_PT
    share = inner / (inner + outer) if inner + outer > 0 else 0.5
    inner_mm = round(rest * share / _PT_PER_MM, 4)
    outer_mm = round(rest / _PT_PER_MM - inner_mm, 4)
    return TypeArea(chars, options.columns, em, inner_mm, outer_mm)


def available_layouts(root: Path = LAYOUTS_DIR) -> list[str]:
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "layout.yaml").is_file())


#: Folders of layouts, separated by os.pathsep, searched after ``--layouts``.
ENV_VAR = "TYPESETTER_LAYOUTS"
#: A layout's name: a folder name.
LAYOUT_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
#: Where a layout was found (translated where it is shown, e.g. in "looked in").
BESIDE, OPTION, BUILTIN, PATH = N_("beside the issue"), "--layouts", N_("built-in"), N_("path")
_option_dirs: list[Path] = []


def use_layout_dirs(dirs: Sequence[Path]) -> None:
    """``--layouts DIR``: searched after the issue's own ``layouts/`` folder and before
    ``TYPESETTER_LAYOUTS``. They are also put first in ``TYPESETTER_LAYOUTS``, so that the
    processes this one starts (the archive's workers) search them too."""
    _option_dirs[:] = [Path(os.path.abspath(d)) for d in dirs]
    if _option_dirs:
        rest = [os.environ[ENV_VAR]] if os.environ.get(ENV_VAR) else []
        os.environ[ENV_VAR] = os.pathsep.join([*(str(d) for d in _option_dirs), *rest])


@dataclass(frozen=True)
class Place:
    """A folder that holds layout folders, and why it is searched."""

    folder: Path
    origin: str  # BESIDE, OPTION, ENV_VAR or BUILTIN


def issue_layouts_folder(issue_dir: Path) -> Path | None:
    """The ``layouts/`` folder in the issue folder or its nearest parent folder that has one."""
    here = Path(os.path.abspath(issue_dir))
    for folder in (here, *here.parents):
        if (folder / "layouts").is_dir():
            return folder / "layouts"
    return None


def search_places(issue_dir: Path | None = None, builtin: Path = LAYOUTS_DIR) -> list[Place]:
    """Where layouts are looked up, first first: beside the issue (or in its nearest parent),
    ``--layouts``, ``TYPESETTER_LAYOUTS``, the built-in layouts. A folder is listed once."""
    places: list[Place] = []
    near = issue_layouts_folder(issue_dir) if issue_dir is not None else None
    if near is not None:
        places.append(Place(near, BESIDE))
    places += [Place(folder, OPTION) for folder in _option_dirs]
    env = os.environ.get(ENV_VAR, "")
    places += [Place(Path(part), ENV_VAR) for part in env.split(os.pathsep) if part.strip()]
    builtin_real = os.path.realpath(builtin)
    unique: list[Place] = []
    seen: set[str] = set()
    for place in places:
        real = os.path.realpath(place.folder)
        if real not in seen and real != builtin_real:
            seen.add(real)
            unique.append(place)
    return [*unique, Place(builtin, BUILTIN)]


@dataclass(frozen=True)
class Found:
    """A layout folder found for a name or a path."""

    name: str
    folder: Path
    origin: str


class NotFound(Exception):
    """No layout for a name or path: the message and a hint (where it was looked for)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def is_layout_path(ref: str) -> bool:
    """``layout:`` or ``extends:`` names a folder by a path, not a layout by its name."""
    return "/" in ref or "\\" in ref or ref.startswith(".")


def find_layout(
    ref: str,
    places: Sequence[Place],
    base: Path | None = None,
    skip: Sequence[Path] = (),
) -> Found:
    """The layout ``ref`` names: a path (relative to ``base``: the issue folder, or the
    folder of the layout that extends it), or a name looked up in ``places`` in order,
    passing over the folders in ``skip`` (the layouts that extend it). NotFound if none."""
    skipped = {os.path.realpath(folder) for folder in skip}
    if is_layout_path(ref):
        folder = Path(ref) if base is None else base / ref
        if (folder / "layout.yaml").is_file():
            if os.path.realpath(folder) in skipped:
                raise NotFound(_("{ref} is a layout that extends it", ref=repr(ref)), _(_LOOP_HINT))
            return Found(Path(os.path.realpath(folder)).name, folder, PATH)
        raise NotFound(
            _("no layout at {ref}", ref=repr(ref)),
            _("no layout.yaml in {folder}", folder=os.path.abspath(folder)),
        )
    looked = _(
        "looked in: {folders}",
        folders=", ".join(f"{place.folder} ({_(place.origin)})" for place in places),
    )
    if not LAYOUT_NAME_RE.match(ref):
        raise NotFound(
            _("unknown layout {ref}", ref=repr(ref)),
            _("a layout is named by its folder; {looked}", looked=looked),
        )
    looped = False
    for place in places:
        folder = place.folder / ref
        if (folder / "layout.yaml").is_file():
            if os.path.realpath(folder) in skipped:
                looped = True
                continue
            return Found(ref, folder, place.origin)
    if looped:
        raise NotFound(_("{ref} is a layout that extends it", ref=repr(ref)), _(_LOOP_HINT))
    known = sorted({name for place in places for name in available_layouts(place.folder)})
    close = difflib.get_close_matches(ref, known, n=1)
    if close:
        hint = _("{looked}; did you mean {name}?", looked=looked, name=repr(close[0]))
    elif known:
        hint = _("{looked}; available: {names}", looked=looked, names=", ".join(known))
    else:
        hint = _("{looked}; available: none", looked=looked)
    raise NotFound(_("unknown layout {ref}", ref=repr(ref)), hint)


_LOOP_HINT = N_("a layout cannot extend itself, or a layout that extends it")


@dataclass
class _Link:
    found: Found
    options: dict[str, Any]


def _resolve_chain(
    ref: str, places: Sequence[Place], issue_dir: Path | None
) -> list[_Link]:
    """The layout ``ref`` names and the layouts it extends, child first."""
    try:
        found = find_layout(ref, places, issue_dir)
    except NotFound as missing:
        raise LayoutError([Problem(ref, None, missing.message, missing.hint)]) from None
    chain = [_Link(found, _read_options(found.folder))]
    while True:
        last = chain[-1]
        extends = last.options.get("extends")
        if not isinstance(extends, str):
            return chain
        try:
            parent = find_layout(
                extends, places, last.found.folder, skip=[link.found.folder for link in chain]
            )
        except NotFound as missing:
            path = last.found.folder / "layout.yaml"
            place = _places(path, str(path)).get(("extends",))
            names = " → ".join([*(link.found.name for link in chain), extends])
            looped = missing.hint == _(_LOOP_HINT)
            hint = _("{names}: {hint}", names=names, hint=missing.hint) if looped else missing.hint
            message = _("extends: {reason}", reason=missing.message)
            line = place.line if place else None
            raise LayoutError([Problem(str(path), line, message, hint)]) from None
        chain.append(_Link(parent, _read_options(parent.folder)))


def layout_chain(
    ref: str, issue_dir: Path | None = None, builtin: Path = LAYOUTS_DIR
) -> list[Found]:
    """The folders of the layout ``ref`` names for an issue and of the layouts it extends,
    child first (what a build reads, e.g. for the archive's fingerprint). LayoutError when
    one is missing or unreadable."""
    chain = _resolve_chain(ref, search_places(issue_dir, builtin), issue_dir)
    return [link.found for link in chain]


def _deep_merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """``child`` over ``parent``; a mapping both set (margins, fonts) is merged key by key."""
    merged = dict(parent)
    for key, value in child.items():
        below = merged.get(key)
        if isinstance(value, dict) and isinstance(below, dict):
            merged[key] = _deep_merge(below, value)
        else:
            merged[key] = value
    return merged


def load_layout(
    name: str, root: Path = LAYOUTS_DIR, *, issue_dir: Path | None = None, **overrides: Any
) -> Layout:
    """Load the layout ``name`` (or a path to a layout folder, from ``issue_dir``), looked
    up for the issue in ``issue_dir`` (search_places; ``root`` holds the built-in layouts),
    validate its options, and apply ``overrides`` on top.

    Options a layout does not set come from the layout it ``extends``. Every problem of
    its ``layout.yaml`` is reported at once, with the line of the offending key.
    """
    chain = _resolve_chain(name, search_places(issue_dir, root), issue_dir)
    folders = [link.found.folder for link in chain]
    merged: dict[str, Any] = {}
    origin: dict[str, Path] = {}  # option → the folder whose layout.yaml sets it
    for link in reversed(chain):
        merged = _deep_merge(merged, link.options)
        origin.update(dict.fromkeys(link.options, link.found.folder))
    merged["name"] = chain[0].found.name
    merged.update({key: value for key, value in overrides.items() if value is not None})
    try:
        validated = LayoutOptions.model_validate(merged)
    except ValidationError as error:
        raise LayoutError(_option_problems(error, merged, origin, folders[0])) from None
    small = _text_area_problems(validated, origin.get("margins", folders[0]), overrides)
    if small:
        raise LayoutError(small)
    wide = _grid_problems(validated, origin.get("chars_per_line", folders[0]), overrides)
    if wide:
        raise LayoutError(wide)
    layout = Layout(
        name=chain[0].found.name,
        options=validated,
        folders=tuple(folders),
        names=tuple(link.found.name for link in chain),
        origins=tuple(link.found.origin for link in chain),
        sources={key: folder / "layout.yaml" for key, folder in origin.items()},
    )
    missing = _missing_stylesheets(layout, origin.get("stylesheets", folders[0]))
    missing += _missing_assets(layout)
    if layout.asset("issue.html.j2") is None:
        path = str(folders[0] / "layout.yaml")
        message = _("layout {name} has no template issue.html.j2", name=repr(layout.name))
        hint = _("extend a layout that has it (extends: newsletter), or add it")
        missing.append(Problem(path, None, message, hint))
    if missing:
        raise LayoutError(missing)
    return layout


def _option_problems(
    error: ValidationError, merged: dict[str, Any], origin: dict[str, Path], first: Path
) -> list[Problem]:
    """One problem per pydantic error, at the line of the layout.yaml that sets the option
    (the layout's own, or the parent's it inherits it from)."""
    by_folder: dict[Path, list[Problem]] = {}
    for folder in {first, *origin.values()}:
        path = folder / "layout.yaml"
        doc = YamlDoc(merged, _places(path, str(path)))
        by_folder[folder] = validation_problems(error, doc, str(path), LayoutOptions)
    problems = []
    for i, each in enumerate(error.errors()):
        loc = each["loc"]
        folder = origin.get(str(loc[0]), first) if loc else first
        problems.append(by_folder[folder][i])
    return problems


def _missing_assets(layout: Layout) -> list[Problem]:
    """The masthead's logo: a file of the layout's folders, at the line that names it."""
    logo = layout.options.masthead.logo
    if logo is None or layout.asset(logo) is not None:
        return []
    path, line = layout.source("masthead", "logo")
    where = ", ".join(str(folder) for folder in layout.folders)
    message = _("masthead: no logo file {logo}", logo=repr(logo))
    return [Problem(path, line, message, _("looked in: {folders}", folders=where))]


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
    least = f"{TEXT_AREA_MM:g} mm"
    message = _(
        "margins: leave {across} × {down} for text on the {width} × {height} page "
        "(at least {least} × {least})",
        across=_mm(across),
        down=_mm(down),
        width=_mm(width),
        height=_mm(height),
        least=least,
    )
    hint = _("make the margins smaller or the page larger")
    return [_fit_problem(options, folder, "margins", overrides, message, hint)]


def _grid_problems(
    options: LayoutOptions, folder: Path, overrides: dict[str, Any]
) -> list[Problem]:
    """A problem when ``chars_per_line`` characters do not fit between the margins, at its
    line of the ``layout.yaml`` (of ``folder``) that sets it."""
    chars, most = options.chars_per_line, grid_chars(options)
    if chars is None or chars <= most:
        return []
    width = type_area(options).text_width_pt / _PT_PER_MM
    fields = {
        "chars": chars,
        "size": options.body_size,
        "width": _mm(width),
        "page": options.page_size,
        "most": most,
    }
    if options.columns == 2:
        message = _(
            "chars_per_line: {chars} characters a column of {size} need {width}, more than "
            "the margins leave on the {page} page (at most {most})",
            **fields,
        )
    else:
        message = _(
            "chars_per_line: {chars} characters of {size} need {width}, more than the "
            "margins leave on the {page} page (at most {most})",
            **fields,
        )
    hint = _("write at most {most}, or make the margins smaller", most=most)
    return [_fit_problem(options, folder, "chars_per_line", overrides, message, hint)]


def _fit_problem(
    options: LayoutOptions,
    folder: Path,
    key: str,
    overrides: dict[str, Any],
    message: str,
    hint: str,
) -> Problem:
    """``message`` at the ``key`` line of ``folder``'s layout.yaml; when the page size was
    given for this build (``overrides``), the hint blames it instead of ``hint``."""
    if overrides.get("page_size") is not None:
        hint = _(
            "the page size {size} given for this build is too small for them",
            size=options.page_size,
        )
    path = folder / "layout.yaml"
    place = _places(path, str(path)).get((key,))
    return Problem(str(path), place.key_line if place else None, message, hint)


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
        if existing:
            hint = _("stylesheets there: {names}", names=", ".join(existing))
        else:
            hint = _("no .css file there")
        where = ", ".join(f"layouts/{each.name}" for each in layout.folders)
        message = _("stylesheets: no file {name} in {folders}", name=repr(name), folders=where)
        problems.append(Problem(str(path), place.line if place else None, message, hint))
    return problems


def _read_options(folder: Path) -> dict[str, Any]:
    path = folder / "layout.yaml"
    doc, problems = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    if problems or doc is None:
        raise LayoutError(problems)
    if not isinstance(doc.data, dict):
        message = _("layout.yaml must be a mapping of options")
        raise LayoutError([Problem(str(path), 1, message)])
    return doc.data


def _places(path: Path, display: str) -> dict[Any, Any]:
    doc, _ = parse_yaml(path.read_text(encoding="utf-8"), display)
    return doc.places if doc is not None else {}


@dataclass(frozen=True)
class Listed:
    """A layout ``typesetter layouts`` lists: where it is, what it extends, and the layout
    of the same name found before it (which a build uses instead), if any."""

    name: str
    folder: Path
    origin: str
    extends: str | None
    parent: Path | None  # the folder ``extends`` names, as a build finds it
    problem: str | None  # why the parent, or the layout.yaml, cannot be used
    shadowed_by: Path | None


def list_layouts(issue_dir: Path | None = None, builtin: Path = LAYOUTS_DIR) -> list[Listed]:
    """Every layout the issue in ``issue_dir`` (or the current folder) could use, in the
    order they are searched (search_places)."""
    places = search_places(issue_dir if issue_dir is not None else Path.cwd(), builtin)
    first: dict[str, Path] = {}
    listed = []
    for place in places:
        for name in available_layouts(place.folder):
            folder = place.folder / name
            extends, parent, problem = None, None, None
            try:
                options = _read_options(folder)
            except LayoutError as error:
                unreadable = _("unreadable")
                options, problem = {}, str(error.problems[0]) if error.problems else unreadable
            value = options.get("extends")
            if isinstance(value, str):
                extends = value
                try:
                    parent = find_layout(value, places, folder, skip=[folder]).folder
                except NotFound as missing:
                    problem = _("extends: {reason}", reason=missing.message)
            listed.append(
                Listed(name, folder, place.origin, extends, parent, problem, first.get(name))
            )
            first.setdefault(name, folder)
    return listed
