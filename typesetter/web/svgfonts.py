"""Fonts for the text of an SVG picture in the web edition.

A page shows an SVG picture as ``<img>``, and an SVG shown that way is a document of its
own: it cannot use the page's web fonts, nor fetch any file. Its text is drawn with the
reader's fonts, and on a machine without Chinese fonts every Han character of a book
cover or a chart prints as an empty box (tofu). The PDF does not have the problem
(WeasyPrint draws the SVG with the vendored fonts).

So the copy of an SVG in the edition carries its fonts: a ``<style>`` with ``@font-face``
rules whose sources are ``data:`` URIs of WOFF2 subsets of the vendored faces, cut to the
characters the SVG's text draws, and every font family list of the SVG (``font-family``
attributes, ``style`` attributes, ``<style>`` sheets; the ``font`` shorthand too) ends
with the embedded family: a family it names that the reader lacks, or a generic one
without Han, falls through to the embedded face, one character at a time, before the
reader's own fallback. Text that names no family gets the embedded serif (the browser's
default is a serif too).

Faces: the serif or the sans by the family list (its first name that says which:
``Noto Sans CJK SC``, ``sans-serif``, ``SimHei`` → sans; ``Noto Serif CJK SC``, ``serif``,
``SimSun``, ``Songti`` → serif; no family → serif), regular or bold by ``font-weight``
(600 and more: bold), worked out the way the attributes inherit. Characters a main face
lacks come from the vendored fallbacks (Noto Sans CJK SC Fallback, HanaMinB) through
``unicode-range``. A stylesheet inside the SVG may pick faces by selectors this does not
evaluate: each face it names gets every character of the SVG's text.

The SVG was checked before (typesetter.images: entities refused, size capped); this
parses it again the same way, and returns it unchanged when it has no text to draw, is
not UTF-8 or cannot be read.
"""

from __future__ import annotations

import base64
import html as htmllib
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from xml.parsers import expat

from ..fonts import CoverageIndex, is_ignorable
from ..resources import FONTS_DIR
from .fonts import subset_file_woff2

#: The embedded families, by style; what every family list of the SVG ends with.
FAMILIES = {"serif": "TS SVG Serif", "sans": "TS SVG Sans"}
#: The vendored faces by (style, weight), and the fallbacks for what they lack, in order.
FACE_FILES = {
    ("serif", 400): "NotoSerifCJKsc-Regular.otf",
    ("serif", 700): "NotoSerifCJKsc-Bold.otf",
    ("sans", 400): "NotoSansCJKsc-Regular.otf",
    ("sans", 700): "NotoSansCJKsc-Bold.otf",
}
FALLBACK_FILES = ("NotoSansCJKsc-Fallback.otf", "HanaMinB-SIP.ttf")
#: What a family name says about its style (lower case; the first name that says wins).
_SANS_WORDS = ("sans", "hei", "黑", "gothic", "yahei", "pingfang", "arial", "helvetica")
_SERIF_WORDS = ("serif", "song", "ming", "宋", "明", "kai", "楷", "fangsong", "times", "georgia")
_CSS_WIDE = frozenset({"inherit", "initial", "unset", "revert", "revert-layer"})

_SVG_NS = "http://www.w3.org/2000/svg"
#: Elements whose character data is drawn as text; and those never drawn.
_TEXT = frozenset({"text", "tspan", "textPath", "a", "foreignObject"})
_HIDDEN = frozenset({"title", "desc", "metadata", "style", "script"})
#: A CSS value up to the end of its declaration (quoted strings kept whole).
_VALUE = r"((?:[^;}\"'<>]|\"[^\"<>]*\"|'[^'<>]*')*)"
_DECLARATION = re.compile(
    r"@font-face\s*\{[^}]*\}|(?<![\w-])(font-family|font)(\s*:\s*)" + _VALUE, re.I
)
_DECLARATIONS = re.compile(
    r"@font-face\s*\{[^}]*\}|(?<![\w-])(font-family|font-weight|font)\s*:\s*" + _VALUE, re.I
)
#: An attribute of a start tag, as written.
_ATTRIBUTE = re.compile(r"(\s)([^\s=/>]+)(\s*=\s*)(\"[^\"]*\"|'[^']*')")


@dataclass
class _Element:
    tag: str  # local name
    qname: str  # as written, for the <style> we add (with the root's prefix)
    start: int  # byte offset of its "<"
    style: str  # serif or sans
    weight: int  # 400 or 700
    named: bool  # a family list set here or above


@dataclass
class _Scan:
    """What one pass over the SVG found."""

    #: Characters of the text by face (style, weight).
    chars: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    #: Byte offsets of the start tags that set a family (font-family or style attributes).
    tags: list[int] = field(default_factory=list)
    #: (start, end) byte offsets of the text of each <style> element.
    sheets: list[tuple[int, int]] = field(default_factory=list)
    root: _Element | None = None
    root_end: int = 0


def embed_fonts(data: bytes) -> bytes:
    """The SVG ``data`` with the vendored fonts of its text embedded (module docstring);
    ``data`` itself when there is nothing to embed."""
    return _embed(data)


@lru_cache(maxsize=256)
def _embed(data: bytes) -> bytes:
    try:
        data.decode("utf-8")
        scan = _scan(data)
    except (expat.ExpatError, UnicodeDecodeError, ValueError):
        return data
    if scan.root is None or scan.root.tag != "svg":
        return data
    faces = _faces(data, scan)
    if not any(faces.values()):
        return data
    rules = [rule for face, chars in sorted(faces.items()) for rule in _font_face(face, chars)]
    if not rules:
        return data
    prefix = scan.root.qname[: -len("svg")]
    style = f"<{prefix}style><![CDATA[\n" + "\n".join(rules) + f"\n]]></{prefix}style>"
    return _rewrite(data, scan, style.encode("ascii"))


# --- reading the SVG -----------------------------------------------------------------------


def _scan(data: bytes) -> _Scan:
    scan = _Scan()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[_Element] = []

    def refuse(*_: Any) -> None:
        raise ValueError("entity declarations are refused")

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        at = parser.CurrentByteIndex
        parent = stack[-1] if stack else None
        style = parent.style if parent else "serif"
        weight = parent.weight if parent else 400
        named = parent.named if parent else False
        declared = _declarations(attributes.get("style", ""))
        families = attributes.get("font-family") or None
        for prop, value in declared:
            if prop == "font-family":
                families = value
            elif prop == "font" and _is_font_shorthand(value):
                families = _shorthand_families(value) or None
                weight = 700 if _bold_in(value) else 400
        if families is not None and families.strip().lower() not in _CSS_WIDE:
            style, named = _style_of(families), True
            scan.tags.append(at)
        elif "style" in attributes and any(p == "font" for p, _ in declared):
            scan.tags.append(at)
        weights = [v for p, v in declared if p == "font-weight"] or (
            [attributes["font-weight"]] if "font-weight" in attributes else []
        )
        if weights:
            weight = _weight(weights[-1], weight)
        qname = _raw_name(data, at)
        element = _Element(local, qname, at, style, weight, named)
        if not stack:
            if namespace != _SVG_NS:
                raise ValueError("not an SVG")
            scan.root = element
        stack.append(element)

    def end(_: str) -> None:
        element = stack.pop()
        if element.tag == "style":
            first, last = _tag_end(data, element.start), parser.CurrentByteIndex
            if last > first:  # not an empty <style/>
                scan.sheets.append((first, last))

    def text(chunk: str) -> None:
        if not stack or any(e.tag in _HIDDEN for e in stack):
            return
        if not any(e.tag in _TEXT for e in stack):
            return
        here = stack[-1]
        drawn = {ch for ch in chunk if ch == " " or not is_ignorable(ch)}
        scan.chars.setdefault((here.style, here.weight), set()).update(drawn)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    parser.Parse(data, True)
    if scan.root is not None:
        scan.root_end = _tag_end(data, scan.root.start)
    return scan


def _faces(data: bytes, scan: _Scan) -> dict[tuple[str, int], set[str]]:
    """The characters each embedded face must have."""
    faces = {face: set(chars) for face, chars in scan.chars.items() if chars - {" "}}
    every = set().union(*scan.chars.values()) if scan.chars else set()
    for start, end in scan.sheets:
        sheet = data[start:end].decode("utf-8")
        bold = bool(re.search(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", sheet, re.I))
        for prop, value in _declarations(sheet):
            if prop == "font-family":
                families = value
            elif prop == "font" and _is_font_shorthand(value):
                families = _shorthand_families(value)
                bold = bold or _bold_in(value)
            else:
                continue
            if families.strip().lower() in _CSS_WIDE:
                continue
            style = _style_of(families)
            for weight in (400, 700) if bold else (400,):
                faces.setdefault((style, weight), set()).update(every)
    return {face: chars for face, chars in faces.items() if chars - {" "}}


def _declarations(css: str) -> list[tuple[str, str]]:
    """The ``font-family``, ``font`` and ``font-weight`` declarations of ``css``, in order
    (those of ``@font-face`` rules left out)."""
    found = []
    for match in _DECLARATIONS.finditer(css):
        if match[1]:
            found.append((match[1].lower(), _value(match[2])))
    return found


def _value(value: str) -> str:
    return re.sub(r"\s*!\s*important\s*$", "", value.strip(), flags=re.I)


def _is_font_shorthand(value: str) -> bool:
    """A ``font`` shorthand with a size (and so a family list), not a keyword."""
    return bool(re.search(r"\d", value)) and value.strip().lower() not in _CSS_WIDE


def _shorthand_families(value: str) -> str:
    """The family list of a ``font`` shorthand: what follows its size (and line height)."""
    match = re.search(r"[\d.]+[a-z%]*(?:\s*/\s*[\w.%]+)?\s+(.*)$", value, re.I | re.S)
    return match[1] if match else ""


def _bold_in(value: str) -> bool:
    return bool(re.search(r"(?<![\w.-])(bold|bolder|[6-9]00)(?![\w.%-])", value, re.I))


def _weight(value: str, inherited: int) -> int:
    value = value.strip().lower()
    if value in ("bold", "bolder"):
        return 700
    if value in ("normal", "lighter"):
        return 400
    try:
        return 700 if float(value) >= 600 else 400
    except ValueError:
        return inherited


def _style_of(families: str) -> str:
    """``serif`` or ``sans``: what the first family name that tells says."""
    for name in families.split(","):
        name = name.strip().strip("'\"").lower()
        if any(word in name for word in _SANS_WORDS) or name in ("monospace", "system-ui"):
            return "sans"
        if any(word in name for word in _SERIF_WORDS):
            return "serif"
    return "sans"


def _tag_end(data: bytes, start: int) -> int:
    """The offset just after the ``>`` of the tag that starts at ``start``."""
    quote = 0
    for i in range(start, len(data)):
        byte = data[i]
        if quote:
            if byte == quote:
                quote = 0
        elif byte in (0x22, 0x27):
            quote = byte
        elif byte == 0x3E:
            return i + 1
    raise ValueError("unclosed tag")


def _raw_name(data: bytes, start: int) -> str:
    match = re.match(rb"<([^\s/>]+)", data[start : start + 200])
    if match is None:
        raise ValueError("no tag")
    return match[1].decode("utf-8")


# --- the fonts -------------------------------------------------------------------------------


def _font_face(face: tuple[str, int], chars: set[str]) -> list[str]:
    """The @font-face rules of ``face`` for ``chars``: the main face, then the fallbacks
    (each only for the characters the faces before it lack)."""
    style, weight = face
    weights = "1 599" if weight == 400 else "600 1000"
    wanted = {ord(ch) for ch in chars}
    rules = []
    for index, file in enumerate([FACE_FILES[face], *FALLBACK_FILES]):
        if not wanted:
            break
        covered = _coverage(file)
        mine = {cp for cp in wanted if covered(cp)}
        if index > 0:
            mine.discard(0x20)
        if not mine - {0x20}:
            continue
        wanted -= mine
        woff2 = subset_file_woff2(FONTS_DIR / file, frozenset(mine))
        source = base64.b64encode(woff2).decode("ascii")
        ranges = "" if index == 0 else f" unicode-range: {_unicode_range(mine)};"
        rules.append(
            f'@font-face {{ font-family: "{FAMILIES[style]}"; font-weight: {weights}; '
            f'font-style: normal; src: url("data:font/woff2;base64,{source}") '
            f'format("woff2");{ranges} }}'
        )
    return rules


def _unicode_range(codepoints: Iterable[int]) -> str:
    """``U+4E00-4E02, U+4E8C``: the code points, runs as ranges."""
    runs: list[list[int]] = []
    for cp in sorted(codepoints):
        if runs and cp == runs[-1][1] + 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in runs)


@cache
def _coverage(file: str, fonts_dir: Path = FONTS_DIR) -> Callable[[int], bool]:
    """A test of whether the vendored font ``file`` has a code point (coverage.json)."""
    index = CoverageIndex.load(fonts_dir / "coverage.json")
    ranges: list[list[int]] = next((f["ranges"] for f in index.fonts if f["file"] == file), [])
    starts = [start for start, _ in ranges]
    ends = [end for _, end in ranges]

    def covers(cp: int) -> bool:
        at = bisect_right(starts, cp) - 1
        return at >= 0 and cp <= ends[at]

    return covers


# --- writing it ------------------------------------------------------------------------------


def _rewrite(data: bytes, scan: _Scan, style: bytes) -> bytes:
    """``data`` with the embedded family at the end of every family list, and ``style``
    as the root's first child."""
    assert scan.root is not None
    root = scan.root
    edits: list[tuple[int, int, bytes]] = []
    for start in sorted({*scan.tags, root.start}):
        end = _tag_end(data, start)
        tag = _ATTRIBUTE.sub(_attribute, data[start:end].decode("utf-8"))
        if start == root.start and not root.named:  # the browser's default is a serif too
            at = 1 + len(root.qname)
            tag = f'{tag[:at]} font-family="{FAMILIES["serif"]}"{tag[at:]}'
        edits.append((start, end, tag.encode("utf-8")))
    for start, end in scan.sheets:
        sheet = data[start:end].decode("utf-8")
        edits.append((start, end, _DECLARATION.sub(_declaration, sheet).encode("utf-8")))
    edits.append((scan.root_end, scan.root_end, style))
    out, position = [], 0
    for start, end, text in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        out += [data[position:start], text]
        position = end
    out.append(data[position:])
    return b"".join(out)


def _attribute(match: re.Match[str]) -> str:
    quoted = match[4]
    value = htmllib.unescape(quoted[1:-1])
    if match[2] == "font-family":
        changed = _with_fallback(value, value)
    elif match[2] == "style":
        changed = _DECLARATION.sub(_declaration, value)
    else:
        return match[0]
    if changed == value:
        return match[0]
    quote = quoted[0]
    escaped = changed.replace("&", "&amp;").replace("<", "&lt;")
    escaped = escaped.replace(quote, "&quot;" if quote == '"' else "&apos;")
    return f"{match[1]}{match[2]}{match[3]}{quote}{escaped}{quote}"


def _declaration(match: re.Match[str]) -> str:
    if not match[1]:  # an @font-face rule of the SVG's own
        return match[0]
    prop, value = match[1].lower(), match[3]
    if prop == "font":
        if not _is_font_shorthand(_value(value)):
            return match[0]
        families = _shorthand_families(_value(value))
    else:
        families = _value(value)
    return f"{match[1]}{match[2]}{_with_fallback(value, families)}"


def _with_fallback(value: str, families: str) -> str:
    """``value`` (a family list, or a declaration's value ending with one) with the
    embedded family of its style added to the list."""
    if families.strip().lower() in _CSS_WIDE or not families.strip():
        return value
    family = FAMILIES[_style_of(families)]
    important = re.search(r"\s*!\s*important\s*$", value, re.I)
    cut = important.start() if important else len(value.rstrip())
    return f"{value[:cut]}, {family}{value[cut:]}"
