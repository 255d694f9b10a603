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
from pydantic_core.core_schema import ErrorType

from typesetter.contentfiles import (
    FLAGGED_RE,
    UNPRINTABLE_RE,
    character_problem,
    describe_character,
)
from typesetter.errors import Problem
from typesetter.i18n import N_, Translator

_ = Translator("content")

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
                message = _("{name}: {problem}", name=name, problem=found.message)
                self.problems.append(Problem(self.path, line, message, found.hint, found.severity))
        return UNPRINTABLE_RE.search(value) is None

    def scalar(self, node: yaml.Node) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            message = _("unsupported YAML tag '{tag}'", tag=tag)
            hint = _("remove the tag")
            self.problems.append(Problem(self.path, self.line(node), message, hint))
            return str(node.value)
        except (ValueError, OverflowError):  # a timestamp that is no real date: keep the text
            return str(node.value)

    def mapping(self, node: yaml.MappingNode, loc: Loc, active: frozenset[int]) -> dict[str, Any]:
        self.loader.flatten_mapping(node)  # resolves merge keys (<<)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = self.line(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                message, hint = _("a key must be plain text"), _("write 'name: value'")
                self.problems.append(Problem(self.path, key_line, message, hint))
                continue
            key = str(key_node.value)
            self.check_characters(key_node, key, _("key"))
            if key in result:
                first = self.places[(*loc, key)].key_line
                message = _(
                    "key '{key}' appears twice: lines {first} and {second}",
                    key=key,
                    first=first,
                    second=key_line,
                )
                self.problems.append(Problem(self.path, key_line, message, _("keep one")))
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
        return None, [_syntax_problem(err, text, path, line_offset)]
    except yaml.YAMLError as err:
        return None, [_reader_problem(text, err, path, line_offset)]
    except _Recursive as err:
        return None, [Problem(path, err.line, _("broken YAML: an alias refers to itself"))]
    except (_TooBig, RecursionError):
        return None, [Problem(path, 1 + line_offset, _("YAML document too large or too deep"))]
    finally:
        loader.dispose()
    return YamlDoc(data, builder.places, builder.flagged), builder.problems


# --- YAML syntax errors → plain words ---------------------------------------------------
#
# PyYAML names what its parser expected ("expected <block end>, but found '<scalar>'");
# an editor needs what they typed wrong and how to mend it. Each case below is one
# message and one hint, whole sentences with named fields, so that a translation can
# follow them one for one. Every message names the column (counted from 1) of the slip.

_SYNTAX_TEXTS: dict[str, tuple[str, str]] = {
    "indent_more": (
        N_("broken YAML at column {column}: this line is indented more than the key above it"),
        N_(
            "line up the keys of one block in one column; if the text above goes on here, "
            "put it in quotes"
        ),
    ),
    "indent_differs": (
        N_(
            "broken YAML at column {column}: this line is indented differently from the "
            "line above (which starts at column {above})"
        ),
        N_("line up the keys of one block, and the '-' of one list, in one column"),
    ),
    "list_item_here": (
        N_("broken YAML at column {column}: a list item ('- ') among 'key: value' lines"),
        N_("put the list under its key, each '- ' indented under it"),
    ),
    "key_in_list": (
        N_("broken YAML at column {column}: a 'key: value' line among the list items"),
        N_("start each entry with '- ', or indent the key under the entry it belongs to"),
    ),
    "colon_in_value": (
        N_("broken YAML at column {column}: a ': ' inside the value"),
        N_("put the value in quotes: {quoted}"),
    ),
    "tab": (
        N_("broken YAML at column {column}: a tab"),
        N_("YAML needs spaces: replace the tab with spaces"),
    ),
    "cannot_start": (
        N_("broken YAML at column {column}: a value cannot start with '{char}'"),
        N_("put the value in quotes: {quoted}"),
    ),
    "block_scalar": (
        N_(
            "broken YAML at column {column}: a value starting with '{char}' is read as a block "
            "of lines"
        ),
        N_("put the value in quotes: {quoted}"),
    ),
    "alias": (
        N_(
            "broken YAML at column {column}: a value starting with '{char}' is read as a YAML "
            "reference"
        ),
        N_("put the value in quotes: {quoted}"),
    ),
    "undefined_alias": (
        N_("broken YAML at column {column}: '*{name}' refers to nothing"),
        N_(
            "a value starting with '*' is read as a YAML reference: "
            "put the value in quotes: {quoted}"
        ),
    ),
    "list_after_key": (
        N_("broken YAML at column {column}: a '- ' after a key on the same line"),
        N_("put the value in quotes: {quoted}; or start the list on the next line"),
    ),
    "fullwidth_colon": (
        N_("broken YAML at column {column}: a full-width colon '：' after the key"),
        N_("write a half-width colon and a space: {fixed}"),
    ),
    "colon_no_space": (
        N_("broken YAML at column {column}: no space after the ':'"),
        N_("write a space after the colon: {fixed}"),
    ),
    "no_colon": (
        N_("broken YAML at column {column}: this line has no ':' after its key"),
        N_("write 'key: value'; a value that goes on from the line above is indented under it"),
    ),
    "unclosed_quote": (
        N_("broken YAML at column {column}: the quote {mark} opened here is never closed"),
        N_("close it with {mark}; for quotes inside the text, use “ ” or 「 」"),
    ),
    "after_quote": (
        N_("broken YAML at column {column}: text after the closing quote"),
        N_(
            "quotes inside a quoted value: use “ ” or 「 」, or put the value in the other "
            "quotes: {quoted}"
        ),
    ),
    "after_bracket": (
        N_(
            "broken YAML at column {column}: text after '{char}': a value starting with "
            "'{opening}' is read as a list"
        ),
        N_("put the value in quotes: {quoted}"),
    ),
    "unclosed_bracket": (
        N_("broken YAML at column {column}: the '{opening}' opened here is never closed"),
        N_(
            "close it with '{closing}', "
            "or put the value in quotes if '{opening}' is part of the text"
        ),
    ),
    "escape": (
        N_("broken YAML at column {column}: '\\{char}' is not an escape YAML knows"),
        N_("in double quotes a backslash starts an escape: use single quotes, or write '\\\\'"),
    ),
    "second_document": (
        N_("broken YAML at column {column}: a line '---' starts a second document"),
        N_("a file holds one YAML document: remove the line"),
    ),
    "other": (
        N_("broken YAML at column {column}: {problem}"),
        N_("check the indentation, the ': ' after each key, and quote text with ': ' or '#'"),
    ),
}


def _syntax_problem(err: yaml.MarkedYAMLError, text: str, path: str, line_offset: int) -> Problem:
    """The slip behind a PyYAML error in plain words, at its line, the column in the text."""
    lines = text.split("\n")
    kind, mark, fields = _classify(err, lines)
    line = (mark[0] + 1 if mark is not None else 1) + line_offset
    fields["column"] = mark[1] + 1 if mark is not None else 1
    message, hint = _SYNTAX_TEXTS[kind]
    return Problem(path, line, _(message, **fields), _(hint, **fields))


Mark = tuple[int, int]  # 0-based line and column in the parsed text


def _classify(
    err: yaml.MarkedYAMLError, lines: list[str]
) -> tuple[str, Mark | None, dict[str, object]]:
    """Which of :data:`_SYNTAX_TEXTS` ``err`` is, where, and the fields of its texts."""
    problem = _one_line(err.problem or "")
    context = _one_line(err.context or "")
    at = _mark(err.problem_mark) or _mark(err.context_mark)
    opened = _mark(err.context_mark) or at
    row = _row(lines, at)
    if problem == "mapping values are not allowed here" and at is not None:
        if re.search(r":[ \t]", row[: at[1]]):
            return "colon_in_value", at, {"quoted": _quoted(row)}
        return "indent_more", (at[0], _indent(row)), {}
    if problem.startswith("found character '\\t'"):
        return "tab", at, {}
    found = re.match(r"found character '(.+)' that cannot start any token", problem)
    if found:
        return "cannot_start", at, {"char": found.group(1), "quoted": _quoted(row)}
    if context in ("while scanning an alias", "while scanning an anchor"):
        start = _row(lines, opened)
        char = start[opened[1]] if opened is not None and opened[1] < len(start) else "*"
        return "alias", opened, {"char": char, "quoted": _quoted(start)}
    if context == "while scanning a block scalar":
        start = _row(lines, opened)
        char = start[opened[1]] if opened is not None and opened[1] < len(start) else "|"
        return "block_scalar", opened, {"char": char, "quoted": _quoted(start)}
    found = re.match(r"found undefined alias '(.*)'", problem)
    if found:
        return "undefined_alias", at, {"name": found.group(1), "quoted": _quoted(row)}
    if problem == "sequence entries are not allowed here":
        return "list_after_key", at, {"quoted": _quoted(row)}
    if problem == "could not find expected ':'":
        return _missing_colon(lines, opened)
    if context == "while scanning a quoted scalar":
        start = _row(lines, opened)
        mark = start[opened[1]] if opened is not None and opened[1] < len(start) else '"'
        return "unclosed_quote", opened, {"mark": mark}
    found = re.match(r"found unknown escape character '(.*)'", problem)
    if found and at is not None:
        return "escape", (at[0], max(at[1] - 1, 0)), {"char": found.group(1)}
    found = re.match(r"expected ',' or '([\]}])'", problem)
    if found:
        closing = found.group(1)
        return (
            "unclosed_bracket",
            opened,
            {"opening": "[{"["]}".index(closing)], "closing": closing},
        )
    found = re.match(
        r"(?:expected <block end>, but found|did not find expected) '?(.*?)'?$", problem
    )
    if found and at is not None:
        return _misplaced(lines, at, found.group(1))
    if problem == "but found another document":
        return "second_document", at, {}
    where = f" ({context} at line {opened[0] + 1})" if context and opened is not None else ""
    problem = problem or _("not valid YAML")
    return "other", at, {"problem": f"{problem}{where}"}


def _missing_colon(lines: list[str], at: Mark | None) -> tuple[str, Mark | None, dict[str, object]]:
    """A key line without ': ' (the error is found at the next line; it is this one)."""
    row = _row(lines, at).rstrip()
    line = at[0] if at is not None else 0
    if "：" in row:
        key, _, value = row.partition("：")
        fixed = f"{key.strip()}: {value.strip()}"
        return "fullwidth_colon", (line, row.index("：")), {"fixed": fixed}
    found = re.search(r":(?=\S)", row)
    if found:
        key, _, value = row.partition(":")
        return "colon_no_space", (line, found.start()), {"fixed": f"{key.strip()}: {value}"}
    return "no_colon", (line, _indent(row)), {}


def _misplaced(lines: list[str], at: Mark, token: str) -> tuple[str, Mark, dict[str, object]]:
    """Something the parser did not expect where it stands: text after a closing quote or
    bracket, or a line indented out of step with the lines above."""
    row = _row(lines, at)
    before = row[: at[1]].rstrip()
    if token == "<scalar>" and before[-1:] in ('"', "'"):
        start = _opening_quote(lines, (at[0], len(before) - 1))
        if start is not None and start[0] < at[0]:  # a quote left open lines above
            return "unclosed_quote", start, {"mark": before[-1]}
        return "after_quote", at, {"quoted": _quoted(row)}
    if token == "<scalar>" and before[-1:] in ("]", "}"):
        opening = "[" if before[-1] == "]" else "{"
        return "after_bracket", at, {"char": before[-1], "opening": opening, "quoted": _quoted(row)}
    above = _line_above(lines, at[0])
    this = _indent(row)
    start = (at[0], this)
    if this != _indent(above):
        # Compare a list item with the '-' above, a key with the key above (after any '- ').
        dash = row.lstrip(" ").startswith("-")
        column = _indent(above) if dash else len(above) - len(above.lstrip(" -"))
        return "indent_differs", start, {"above": column + 1}
    if token in ("-", "<block sequence start>"):
        return "list_item_here", start, {}
    return "key_in_list", start, {}


def _opening_quote(lines: list[str], closing: Mark) -> Mark | None:
    """Where the quoted value that ends at ``closing`` (a quote mark) begins."""
    quote = lines[closing[0]][closing[1]]
    text = "\n".join([*lines[: closing[0]], lines[closing[0]][: closing[1]]])
    index = text.rfind(quote)
    while quote == '"' and index > 0 and text[index - 1] == "\\":
        index = text.rfind(quote, 0, index - 1)
    if index < 0:
        return None
    line = text.count("\n", 0, index)
    return line, index - (text.rfind("\n", 0, index) + 1)


def _mark(mark: yaml.Mark | None) -> Mark | None:
    return (int(mark.line), int(mark.column)) if mark is not None else None


def _row(lines: list[str], at: Mark | None) -> str:
    return lines[at[0]] if at is not None and 0 <= at[0] < len(lines) else ""


def _indent(row: str) -> int:
    return len(row) - len(row.lstrip(" "))


def _line_above(lines: list[str], index: int) -> str:
    """The nearest line above ``index`` that holds more than a comment."""
    for row in reversed(lines[:index]):
        if row.strip() and not row.strip().startswith("#"):
            return row
    return ""


def _quoted(row: str) -> str:
    """``row`` (``key: value``) with its value in quotes, as a hint shows it."""
    text = row.strip()
    item = "- " if text.startswith("- ") else ""
    text = text.removeprefix("- ")
    key, sep, value = text.partition(": ") if ": " in text else ("", "", text)
    value = value.strip()
    if len(value) >= 2 and value[0] in "\"'" and value[-1] == value[0]:
        value = value[1:-1]
    if len(value) > 40:
        value = "…"
    quote = "'" if '"' in value and "'" not in value else '"'
    return f"{item}{key}{sep}{quote}{value}{quote}"


def _reader_problem(text: str, err: yaml.YAMLError, path: str, line_offset: int) -> Problem:
    position = getattr(err, "position", None)
    line = text.count("\n", 0, position) + 1 if isinstance(position, int) else 1
    character = getattr(err, "character", None)
    if isinstance(character, int):
        what = describe_character(chr(character))
        message = _("broken YAML: {character} is not allowed", character=what)
        return Problem(path, line + line_offset, message, _("delete it"))
    message = _("broken YAML: {problem}", problem=_one_line(str(err)))
    return Problem(path, line + line_offset, message)


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
        return Problem(path, doc.place(loc[:-1]).line, _("missing required key '{key}'", key=key))
    if kind == "extra_forbidden":
        key = str(loc[-1])
        owner = _model_at(model, loc[:-1])
        known = list(owner.model_fields) if owner is not None else []
        known_hint = _chinese_name(key, known) or _known(key, known)
        message = _("unknown key '{key}'", key=key)
        return Problem(path, doc.place(loc).key_line, message, known_hint)
    place = doc.place(loc)
    name = _name(loc)
    message, hint = _describe(kind, name, error, place)
    return Problem(path, place.line, message, hint)


CHINESE_KEYS: dict[str, tuple[str, ...]] = {
    # issue.yaml
    "刊名": ("publication",),
    "刊物": ("publication",),
    "刊物名称": ("publication",),
    "眉题": ("kicker",),
    "年": ("year",),
    "年份": ("year",),
    "年度": ("year",),
    "期": ("number",),
    "期号": ("number",),
    "期数": ("number",),
    "第几期": ("number",),
    "总期号": ("total",),
    "总期数": ("total",),
    "总期": ("total",),
    "出版日期": ("date",),
    "发行日期": ("date",),
    "主办": ("publisher",),
    "主办单位": ("publisher",),
    "版式": ("layout",),
    "模板": ("layout",),
    "版面": ("layout",),
    "语言": ("language",),
    "版权页": ("colophon",),
    "编辑部信息": ("colophon",),
    "栏目": ("sections", "title"),
    # colophon
    "地址": ("address",),
    "编辑部地址": ("address",),
    "邮编": ("postcode",),
    "邮政编码": ("postcode",),
    "电话": ("phone",),
    "邮箱": ("email",),
    "电子邮件": ("email",),
    "电子邮箱": ("email",),
    # sections
    "栏目名": ("title",),
    "栏目名称": ("title",),
    "目录标题": ("toc_title",),
    "样式": ("style",),
    "文章": ("articles",),
    "篇目": ("articles",),
    # an article's front matter (and what issue.yaml shares with it)
    "标题": ("title", "publication"),
    "题目": ("title", "publication"),
    "名称": ("title", "publication"),
    "目录": ("toc",),
    "来源": ("source",),
    "出处": ("source",),
    "编选": ("editor",),
    "编者": ("editor",),
    "编辑": ("editor",),
    "责任编辑": ("editor",),
    "日期": ("date",),
    "来源行": ("source_line",),
    "作者": ("author",),
    "署名": ("author",),
    "单位": ("affiliation", "office"),
    "作者单位": ("affiliation",),
    "图片": ("image",),
    "配图": ("image",),
    "封面": ("image",),
    "插图": ("image",),
    "另起一页": ("break_before",),
    "分页": ("break_before",),
    "不分页": ("keep_together",),
}
"""Chinese names editors give the fields, each with the fields it may mean, in order of
preference: the hint names the first that the mapping at hand has."""


def _chinese_name(key: str, known: Sequence[str]) -> str | None:
    """'did you mean …' for a key that is the Chinese name of a field of ``known``."""
    name = key.strip().strip("【】[]「」：:").strip()
    for field_name in CHINESE_KEYS.get(name, ()):
        if field_name in known:
            return _("did you mean '{name}'? keys are written in English", name=field_name)
    return None


def _known(key: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return _("did you mean '{name}'?", name=close[0])
    return _("known keys: {keys}", keys=", ".join(known)) if known else _("remove it")


def _name(loc: Loc) -> str:
    for part in reversed(loc):
        if isinstance(part, str):
            return part
    return _("document")


def _describe(kind: str, name: str, error: ErrorDetails, place: Place) -> tuple[str, str | None]:
    value = error.get("input")
    ctx = error.get("ctx", {})
    if kind == "string_type":
        return _not_text(name, value, place)
    if kind == "int_type":
        shown = _shown(value, place)
        return _("{name}: must be a whole number, not {value}", name=name, value=shown), None
    if kind in ("greater_than_equal", "greater_than"):
        least, shown = ctx.get("ge", 1), _shown(value, place)
        return _(
            "{name}: must be {least} or more, not {value}", name=name, least=least, value=shown
        ), None
    if kind == "bool_type":
        shown = _shown(value, place)
        return _("{name}: must be true or false, not {value}", name=name, value=shown), None
    if kind == "literal_error":
        return _literal(name, ctx, value, place)
    if kind in ("bad_date", "date_with_time", "date_type"):
        message = _("{name}: not a valid date ({value})", name=name, value=_shown(value, place))
        return message, _("write YYYY-MM-DD, e.g. 2023-09-05")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        message = _(
            "{name}: must be a mapping of 'key: value' lines, not {kind}",
            name=name,
            kind=_kind(value),
        )
        return message, None
    if kind == "list_type":
        message = _(
            "{name}: must be a list of '- ' lines, not {kind}", name=name, kind=_kind(value)
        )
        return message, None
    if kind == "string_too_long":
        limit = f"{int(ctx.get('max_length', 0)):,}"
        length = f"{len(value) if isinstance(value, str) else 0:,}"
        message = _(
            "{name}: too long ({length} characters; at most {limit})",
            name=name,
            length=length,
            limit=limit,
        )
        return message, _("shorten it")
    if kind == "too_short":
        return _("{name}: must not be empty", name=name), _("list at least one entry")
    if kind == "blank":
        return _("{name}: must not be empty", name=name), None
    return _("{name}: {problem}", name=name, problem=_fallback(kind, error, place)), None


#: pydantic's own error types (its messages are English sentences, never shown as they are).
_PYDANTIC_TYPES = frozenset(typing.get_args(ErrorType))


def _fallback(kind: str, error: ErrorDetails, place: Place) -> str:
    """The sentence for an error :func:`_describe` has no words of its own for: a
    ``ValueError``'s message without pydantic's ``Value error, ``, our own
    ``PydanticCustomError``'s (translated where raised), else a sentence of ours in place of
    pydantic's English."""
    if kind in ("value_error", "assertion_error"):
        cause = error.get("ctx", {}).get("error")
        if cause is not None and str(cause):
            return str(cause)
    elif kind not in _PYDANTIC_TYPES:
        return error["msg"]
    bound = _BOUNDS.get(kind)
    if bound is not None:
        key, sentence = bound
        limit = error.get("ctx", {}).get(key)
        if limit is not None:
            return _(sentence, limit=limit, value=_shown(error.get("input"), place))
    return _("not a valid value ({value})", value=_shown(error.get("input"), place))


#: pydantic's number bounds, in our words: error type → (its ctx key, the sentence).
_BOUNDS = {
    "less_than_equal": ("le", N_("must be at most {limit}, not {value}")),
    "less_than": ("lt", N_("must be less than {limit}, not {value}")),
    "greater_than_equal": ("ge", N_("must be at least {limit}, not {value}")),
    "greater_than": ("gt", N_("must be more than {limit}, not {value}")),
}


def _not_text(name: str, value: Any, place: Place) -> tuple[str, str | None]:
    """``name`` must be text: what YAML read instead, and how to quote it."""
    if value is None:
        return _("{name}: is empty", name=name), _("it is required")
    if place.raw is None:
        return _("{name}: must be text, not {kind}", name=name, kind=_kind(value)), None
    reads, english = _reads_as(value), _reads_as(value, english=True)
    hint = _('quote it: {name}: "{raw}"', name=name, raw=place.raw)
    if english.endswith(f" {place.raw}") or english == place.raw:
        return _("{name}: must be text, not {kind}", name=name, kind=reads), hint
    message = _(
        "{name}: must be text, but YAML reads {raw} as {kind}", name=name, raw=place.raw, kind=reads
    )
    return message, hint


def _literal(name: str, ctx: dict[str, Any], value: Any, place: Place) -> tuple[str, str | None]:
    expected = str(ctx.get("expected", "")).replace("'", "")
    options = [o.strip() for o in expected.replace(" or ", ",").split(",") if o.strip()]
    close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
    hint = _("did you mean '{name}'?", name=close[0]) if close else None
    shown = _shown(value, place)
    expected = _one_of(options) if options else expected
    return _(
        "{name}: must be {expected}, not {value}", name=name, expected=expected, value=shown
    ), hint


def _one_of(options: Sequence[str]) -> str:
    """``a``, ``a or b``, ``a, b or c`` in the user's language."""
    if len(options) == 1:
        return options[0]
    first = options[0]
    for option in options[1:-1]:
        first = _("{first}, {next}", first=first, next=option)
    return _("{first} or {last}", first=first, last=options[-1])


def _reads_as(value: Any, english: bool = False) -> str:
    """What YAML read ``value`` as, in words (``english``: untranslated)."""
    say = _english if english else _
    if isinstance(value, bool):
        return say(N_("true")) if value else say(N_("false"))
    if isinstance(value, int | float):
        return say(N_("the number {value}"), value=value)
    if isinstance(value, datetime.datetime):
        return say(N_("a date and time"))
    if isinstance(value, datetime.date):
        return say(N_("a date"))
    if isinstance(value, bytes):
        return say(N_("binary data"))
    if isinstance(value, dict | list | str) or value is None:
        return _kind(value)
    return say(N_("a value"))


def _english(text: str, **fields: Any) -> str:
    return text.format(**fields) if fields else text


def _kind(value: Any) -> str:
    if value is None:
        return _("empty")
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return _("text")
    return _reads_as(value)


def _shown(value: Any, place: Place) -> str:
    """The value as the editor wrote it: text quoted, numbers and true/false bare."""
    if isinstance(value, dict | list) or value is None:
        return _kind(value)
    shown = place.raw if place.raw is not None else str(value)
    shown = shown if len(shown) <= 60 else f"{shown[:57]}..."
    return f"'{shown}'" if isinstance(value, str) else shown
