"""YAML that remembers where every key and value came from.

:func:`parse_yaml` turns text into plain Python data plus a table of :class:`Place` (line
numbers and the scalar's source text) for every key path, so that a validation error on
``("sections", 0, "articles", 2)`` is reported at the line that names that article, and a
bare ``postcode: 010000`` can be quoted back to the editor as written, not as 4096.
:func:`validation_problems` turns a pydantic ``ValidationError`` into such problems.

Every text value and key is checked for the characters an escape can put there
(``"\\0"``, ``"\\e"``, ``"\\ud800"``, ``"\\u202e"``): unprintable ones are errors,
bidi controls warnings, at the line of the escape. Characters typed as they are are the
caller's to check on the whole file (:func:`typesetter.contentfiles.scan_characters`).
"""

from __future__ import annotations

import datetime
import difflib
import re
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from typesetter.contentfiles import (
    FLAGGED_RE,
    UNPRINTABLE_RE,
    character_problem,
    describe_character,
)
from typesetter.errors import Problem

Loc = tuple[str | int, ...]
MAX_NODES = 100_000
"""Bound on the expanded document, so that alias bombs are an error, not a hang."""


@dataclass(frozen=True)
class Place:
    line: int  # 1-based line of the value
    key_line: int  # line of the key naming the value (the value's line for list items)
    raw: str | None  # the scalar as written in the source, None for mappings and lists


# A double-quoted scalar's escapes, left to right: in ``\\x00`` the escape is ``\\``.
_ESCAPE_RE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "e": "\x1b", "N": "\x85"}


@dataclass
class YamlDoc:
    data: Any
    places: dict[Loc, Place] = field(default_factory=dict)
    flagged: set[Loc] = field(default_factory=set)
    """Where a value holds an unprintable character (reported already): not to be used."""

    def place(self, loc: Loc) -> Place:
        """The place of ``loc``, or of its nearest located parent."""
        while loc not in self.places and loc:
            loc = loc[:-1]
        return self.places.get(loc, Place(1, 1, None))


class _Builder:
    """Walks composed YAML nodes, building data and places together."""

    def __init__(self, loader: yaml.SafeLoader, text: str, line_offset: int, path: str) -> None:
        self.loader = loader
        self.text = text
        self.offset = line_offset
        self.path = path
        self.places: dict[Loc, Place] = {}
        self.problems: list[Problem] = []
        self.flagged: set[Loc] = set()
        self.checked: set[int] = set()  # scalar nodes whose characters were checked
        self.count = 0

    def line(self, node: yaml.Node) -> int:
        return int(node.start_mark.line) + 1 + self.offset

    def build(self, node: yaml.Node, loc: Loc, key_line: int, active: frozenset[int]) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig
        raw = node.value if isinstance(node, yaml.ScalarNode) else None
        self.places[loc] = Place(self.line(node), key_line, raw)
        if id(node) in active:
            raise _Recursive(self.line(node))
        active = active | {id(node)}
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc, active)
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, (*loc, i), self.line(item), active)
                for i, item in enumerate(node.value)
            ]
        value = self.scalar(node)
        if isinstance(value, str) and not self.check_characters(node, value, _name(loc)):
            self.flagged.add(loc)
        return value

    def check_characters(self, node: yaml.Node, value: str, name: str) -> bool:
        """False when an escape put an unprintable character into ``value``.

        Each such character is reported once, at the line of its escape (also when
        aliases repeat the node); a bidi control is a warning.
        """
        if FLAGGED_RE.search(value) is None:
            return True
        if id(node) not in self.checked:
            self.checked.add(id(node))
            start = node.start_mark.index
            source = self.text[start : node.end_mark.index]
            for char in dict.fromkeys(FLAGGED_RE.findall(value)):
                if char in source:
                    continue  # typed as it is: the whole-file scan reports it
                offset, written = _escape_of(char, source)
                line = self.text.count("\n", 0, start + offset) + 1 + self.offset
                found = character_problem(self.path, line, char, written)
                message = f"{name}: {found.message}"
                self.problems.append(Problem(self.path, line, message, found.hint, found.severity))
        return UNPRINTABLE_RE.search(value) is None

    def scalar(self, node: yaml.Node) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            message = f"unsupported YAML tag '{tag}'"
            self.problems.append(Problem(self.path, self.line(node), message, "remove the tag"))
            return str(node.value)
        except (ValueError, OverflowError):  # a timestamp that is no real date: keep the text
            return str(node.value)

    def mapping(self, node: yaml.MappingNode, loc: Loc, active: frozenset[int]) -> dict[str, Any]:
        self.loader.flatten_mapping(node)  # resolves merge keys (<<)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = self.line(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem(self.path, key_line, "a key must be plain text", "write 'name: value'")
                )
                continue
            key = str(key_node.value)
            self.check_characters(key_node, key, "key")
            if key in result:
                first = self.places[(*loc, key)].key_line
                self.problems.append(
                    Problem(self.path, key_line, f"duplicate key '{key}' (first at line {first})")
                )
                continue
            result[key] = self.build(value_node, (*loc, key), key_line, active)
        return result


def _escape_of(char: str, source: str) -> tuple[int, str | None]:
    """Where in ``source`` (a scalar as written) an escape gives ``char``, and the escape."""
    for match in _ESCAPE_RE.finditer(source):
        escape = match.group()
        number = int(escape[2:], 16) if len(escape) > 2 else -1
        decoded = chr(number) if 0 <= number <= 0x10FFFF else _ESCAPES.get(escape[1], "")
        if decoded == char:
            return match.start(), escape
    return 0, None


class _TooBig(Exception):
    pass


class _Recursive(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def parse_yaml(
    text: str, path: str, *, line_offset: int = 0
) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse one YAML document; line numbers are shifted by ``line_offset``.

    Returns ``(None, problems)`` when the text is not YAML; an empty document gives
    ``YamlDoc(data=None)``.
    """
    try:
        loader = yaml.SafeLoader(text)
    except yaml.YAMLError as err:  # ReaderError: a control character in the text
        return None, [_reader_problem(text, err, path, line_offset)]
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(None), []
        builder = _Builder(loader, text, line_offset, path)
        data = builder.build(node, (), builder.line(node), frozenset())
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_problem(err, path, line_offset)]
    except yaml.YAMLError as err:
        return None, [_reader_problem(text, err, path, line_offset)]
    except _Recursive as err:
        return None, [Problem(path, err.line, "broken YAML: an alias refers to itself")]
    except (_TooBig, RecursionError):
        return None, [Problem(path, 1 + line_offset, "YAML document too large or too deep")]
    finally:
        loader.dispose()
    return YamlDoc(data, builder.places, builder.flagged), builder.problems


def _syntax_problem(err: yaml.MarkedYAMLError, path: str, line_offset: int) -> Problem:
    mark = err.problem_mark or err.context_mark
    line = (mark.line + 1 if mark is not None else 1) + line_offset
    problem = _one_line(err.problem or "not valid YAML")
    hint = "check the indentation, the ': ' after each key, and quote text with ': ' or '#'"
    if "\\t" in problem or "'\\t'" in problem:
        hint = "indent with spaces, not tabs"
    elif err.context:
        where = f" at line {err.context_mark.line + 1 + line_offset}" if err.context_mark else ""
        hint = f"{_one_line(err.context)}{where}"
    return Problem(path, line, f"broken YAML: {problem}", hint)


def _reader_problem(text: str, err: yaml.YAMLError, path: str, line_offset: int) -> Problem:
    position = getattr(err, "position", None)
    line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 1
    character = getattr(err, "character", None)
    if isinstance(character, int):
        message = f"broken YAML: {describe_character(chr(character))} is not allowed"
        return Problem(path, line + line_offset, message, "delete it")
    return Problem(path, line + line_offset, f"broken YAML: {_one_line(str(err))}")


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- pydantic errors → problems ---------------------------------------------------------


def validation_problems(
    err: ValidationError, doc: YamlDoc, path: str, model: type[BaseModel]
) -> list[Problem]:
    """One problem per pydantic error, at the line of the offending key or value.

    Values flagged for their characters were reported already and are left out.
    """
    errors = [error for error in err.errors() if tuple(error["loc"]) not in doc.flagged]
    return [_problem(error, doc, path, model) for error in errors]


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model that validates the mapping at ``loc`` (for the 'did you mean' hint)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            args = [a for a in typing.get_args(current) if a is not type(None)]
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part)
            current = info.annotation if info is not None else None
        else:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _problem(error: ErrorDetails, doc: YamlDoc, path: str, model: type[BaseModel]) -> Problem:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "missing":
        key = loc[-1]
        return Problem(path, doc.place(loc[:-1]).line, f"missing required key '{key}'")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        owner = _model_at(model, loc[:-1])
        known = list(owner.model_fields) if owner is not None else []
        return Problem(path, doc.place(loc).key_line, f"unknown key '{key}'", _known(key, known))
    place = doc.place(loc)
    name = _name(loc)
    message, hint = _describe(kind, name, error, place)
    return Problem(path, place.line, message, hint)


def _known(key: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "known keys: " + ", ".join(known) if known else "remove it"


def _name(loc: Loc) -> str:
    for part in reversed(loc):
        if isinstance(part, str):
            return part
    return "document"


def _describe(kind: str, name: str, error: ErrorDetails, place: Place) -> tuple[str, str | None]:
    value = error.get("input")
    ctx = error.get("ctx", {})
    if kind == "string_type":
        if value is None:
            return f"{name}: is empty", "it is required"
        if place.raw is not None:
            reads = _reads_as(value)
            same = reads.endswith(f" {place.raw}") or reads == place.raw
            message = f"not {reads}" if same else f"but YAML reads {place.raw} as {reads}"
            return f"{name}: must be text, {message}", f'quote it: {name}: "{place.raw}"'
        return f"{name}: must be text, not {_kind(value)}", None
    if kind == "int_type":
        return f"{name}: must be a whole number, not {_shown(value, place)}", None
    if kind in ("greater_than_equal", "greater_than"):
        return f"{name}: must be {ctx.get('ge', 1)} or more, not {_shown(value, place)}", None
    if kind == "bool_type":
        return f"{name}: must be true or false, not {_shown(value, place)}", None
    if kind == "literal_error":
        return _literal(name, ctx, value, place)
    if kind in ("bad_date", "date_with_time", "date_type"):
        what = _shown(value, place)
        return f"{name}: not a valid date ({what})", "write YYYY-MM-DD, e.g. 2023-09-05"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{name}: must be a mapping of 'key: value' lines, not {_kind(value)}", None
    if kind == "list_type":
        return f"{name}: must be a list of '- ' lines, not {_kind(value)}", None
    if kind == "string_too_long":
        limit = int(ctx.get("max_length", 0))
        length = len(value) if isinstance(value, str) else 0
        return f"{name}: too long ({length:,} characters; at most {limit:,})", "shorten it"
    if kind == "too_short":
        return f"{name}: must not be empty", "list at least one entry"
    if kind == "blank":
        return f"{name}: must not be empty", None
    return f"{name}: {error['msg']}", None


def _literal(name: str, ctx: dict[str, Any], value: Any, place: Place) -> tuple[str, str | None]:
    expected = str(ctx.get("expected", "")).replace("'", "")
    options = [o.strip() for o in expected.replace(" or ", ",").split(",") if o.strip()]
    close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'?" if close else None
    return f"{name}: must be {expected}, not {_shown(value, place)}", hint


def _reads_as(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, datetime.datetime):
        return "a date and time"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, bytes):
        return "binary data"
    return _kind(value) if isinstance(value, dict | list | str) or value is None else "a value"


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    return _reads_as(value)


def _shown(value: Any, place: Place) -> str:
    """The value as the editor wrote it: text quoted, numbers and true/false bare."""
    if isinstance(value, dict | list) or value is None:
        return _kind(value)
    shown = place.raw if place.raw is not None else str(value)
    shown = shown if len(shown) <= 60 else f"{shown[:57]}..."
    return f"'{shown}'" if isinstance(value, str) else shown
