"""Start the next issue (``typesetter new``) and add an article to it (``typesetter add``).

``new`` writes an issue folder: issue.yaml with the previous issue's publication, publisher,
editor, colophon, layout and sections (or a documented skeleton without one), the next
number, and one stub article per section; every field an article can have is shown,
commented out, in each stub's front matter. ``add`` writes an article file named by
:mod:`typesetter.naming` and lists it in its section of issue.yaml, in place of the
section's stub when nobody has begun that yet. issue.yaml is edited as text — the new line
is inserted where it belongs, in the file's own indentation and line endings — so the
editor's comments and layout of the file stay as they are; the result is read back and
compared with what was meant before anything is written.

What counts as a stub, and what ``check`` and ``build`` do with one: :mod:`typesetter.stubs`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import shutil
import tempfile
import typing
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from .contentfiles import FLAGGED_RE, ReadError, describe_character, display_join, read_text
from .errors import UNPRINTABLE, ContentError, Problem, UsageError
from .i18n import N_, Translator
from .model import TEXT_LIMIT, ArticleMeta, Colophon, Cover, CoverNote, IssueFile, SectionEntry
from .naming import article_name
from .resources import COLOR_DIR, FONTS_DIR, LAYOUTS_DIR, PACKAGE_DIR
from .stubs import STUB, untouched_text
from .yamlsource import parse_yaml, validation_problems

#: Examples shown for optional fields the model gives none for (commented-out lines).
EXAMPLES: dict[str, Any] = {
    "toc_title": "电子商务动态",
    "style": "books",
    "toc": False,
    "source": "《文汇报》",
    "editor": "王编辑",
    "source_line": False,
    "author": "杨长湧",
    "affiliation": "中国宏观经济研究院对外经济研究所研究员",
    "image": "images/cover.png",
}
ADD_HINT = 'typesetter add {issue} SECTION "标题"'
_ = Translator("content")
ngettext = _.ngettext


# --- typesetter new ----------------------------------------------------------------------


@dataclass
class Started:
    """What ``new`` wrote."""

    issue_dir: Path
    display_dir: str
    issue_line: str  # 2023年第18期（总295期）
    date: dt.date
    previous: str | None  # the previous issue folder as given, None for a skeleton
    stubs: list[tuple[str, str]] = field(default_factory=list)  # (section title, file shown)

    def summary(self) -> list[str]:
        """The lines ``new`` prints."""
        fields = {"issue": self.issue_line, "date": self.date.isoformat()}
        if self.previous:
            head = _("{issue}, {date} (from {previous})", previous=self.previous, **fields)
        else:
            head = _("{issue}, {date} (a skeleton: fill in every {stub})", stub=STUB, **fields)
        lines = [f"{self.display_dir}: {head}"]
        count = len(self.stubs)
        lines.append(ngettext("{n} stub article:", "{n} stub articles:", count))
        width = len(str(len(self.stubs)))
        for number, (title, shown) in enumerate(self.stubs, start=1):
            lines.append(f"  {number:>{width}} {title}  {shown}")
        lines.append(_("next: {command}", command=ADD_HINT.format(issue=self.display_dir)))
        return lines


def parse_date(text: str, option: str = "--date") -> dt.date:
    """``YYYY-MM-DD`` as a date; anything else is a usage error naming ``option``."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            return dt.date.fromisoformat(text.strip())
    except ValueError:
        pass
    hint = _("write YYYY-MM-DD, e.g. {example}", example="2023-09-19")
    raise UsageError([Problem(option, None, _("not a valid date ('{text}')", text=text), hint)])


def start_issue(
    target: Path,
    *,
    previous: Path | None = None,
    date: dt.date | None = None,
    year: int | None = None,
    number: int | None = None,
) -> Started:
    """Write the issue folder ``target`` (which must not exist, or be an empty folder).

    With ``previous``: its issue.yaml's fields, sections and the next number. The year is
    the date's (``year`` overrides it); in the same year as the previous issue ``number``
    and ``total`` both go up by one, in a later year ``number`` starts again at 1 and
    ``total`` goes on. Without ``previous``: a skeleton whose text fields say 待填写.
    """
    shown = str(target)
    _check_target(target)
    date = date or dt.date.today()
    if previous is not None:
        last = _read_previous(previous)
        year = year or date.year
        _check_follows(last, year, date, str(previous))
        if number is None:
            number = last.number + 1 if year == last.year else 1
        total = last.total + 1 if last.total is not None else None
        fields = last.model_dump(exclude={"sections"})
        fields |= {"year": year, "number": number, "total": total, "date": date}
        sections = [s.model_dump(exclude={"articles"}) for s in last.sections]
        header = [
            f"{last.publication} {_issue_line(year, number, total)}: started with "
            f"`typesetter new` from {previous}.",
        ]
    else:
        year, number, total = year or date.year, number or 1, None
        fields = {
            "publication": STUB,
            "year": year,
            "number": number,
            "date": date,
            "publisher": STUB,
            "editor": STUB,
            "layout": "newsletter",
            "language": "zh-Hans",
            "colophon": {"address": STUB},
        }
        sections = [{"title": STUB}]
        header = [
            "A new issue, started with `typesetter new`: fill in every 待填写 (typesetter check",
            "lists them) and uncomment the optional fields you use.",
        ]
    header += [
        "Every field: docs/content.md. Each section has a stub article (待填写); add an",
        f"article with `{ADD_HINT.format(issue=shown)}` (SECTION: its title or number).",
        "An article still 待填写 from top to bottom is left out of the build, with a warning.",
    ]
    names: list[str] = []
    for position, section in enumerate(sections, start=1):
        title = section["title"]
        names.append(article_name(position, "" if title == STUB else title, names))
    files = {
        "issue.yaml": issue_yaml(
            fields, list(zip(sections, names, strict=True)), header, notes=previous is None
        )
    }
    guide = article_guide(date)
    files |= {name: article_text(STUB, guide) for name in names}
    _write_folder(target, files)
    stubs = [(s["title"], display_join(shown, n)) for s, n in zip(sections, names, strict=True)]
    return Started(
        target,
        shown,
        _issue_line(year, number, total),
        date,
        str(previous) if previous else None,
        stubs,
    )


def _issue_line(year: int, number: int, total: int | None) -> str:
    line = f"{year}年第{number}期"
    return f"{line}（总{total}期）" if total is not None else line


def _check_target(target: Path) -> None:
    """``target`` is a new folder (or an empty one), outside any issue folder and outside
    the typesetter's own folders."""
    shown = str(target)
    if os.path.lexists(target):
        if not target.is_dir() or target.is_symlink():
            raise ContentError(
                [
                    Problem(
                        shown,
                        None,
                        _("exists and is not a folder"),
                        _("name a new folder: typesetter new makes it"),
                    )
                ]
            )
        if any(target.iterdir()):
            raise ContentError(
                [
                    Problem(
                        shown,
                        None,
                        _("already exists and is not empty"),
                        _("name a new folder: typesetter new makes it"),
                    )
                ]
            )
    where = Path(os.path.abspath(target)).resolve()
    for folder in (LAYOUTS_DIR, FONTS_DIR, COLOR_DIR, PACKAGE_DIR):
        if where == folder.resolve() or folder.resolve() in where.parents:
            raise UsageError(
                [
                    Problem(
                        "NEW_DIR",
                        None,
                        _("{path} is inside {folder}", path=shown, folder=folder),
                        _("the typesetter reads that folder: write elsewhere"),
                    )
                ]
            )
    around = next((f for f in where.parents if (f / "issue.yaml").is_file()), None)
    if around is not None:
        raise UsageError(
            [
                Problem(
                    "NEW_DIR",
                    None,
                    _("{path} is inside the issue folder {folder}", path=shown, folder=around),
                    _("an issue folder holds one issue: start the new one next to it"),
                )
            ]
        )


def _read_previous(folder: Path) -> IssueFile:
    """The previous issue's issue.yaml, validated (its articles are not read)."""
    shown = display_join(str(folder), "issue.yaml")
    text = read_text(folder / "issue.yaml", what=N_("issue.yaml"))
    if isinstance(text, ReadError):
        if not (folder / "issue.yaml").exists():
            hint = _("--from names the previous issue's folder, the one holding issue.yaml")
            raise ContentError([Problem(shown, None, _("issue.yaml not found"), hint)])
        raise ContentError([Problem(shown, text.line, text.message, text.hint)])
    doc, problems = parse_yaml(text, shown)
    errors = [p for p in problems if p.severity == "error"]
    if doc is None or errors:
        raise ContentError(errors or [Problem(shown, 1, _("issue.yaml is empty"))])
    try:
        return IssueFile.model_validate(doc.data)
    except ValidationError as error:
        found = validation_problems(error, doc, shown, IssueFile)
        raise ContentError(found or [Problem(shown, 1, _("not a valid issue.yaml"))]) from None


def _check_follows(last: IssueFile, year: int, date: dt.date, previous: str) -> None:
    """The new issue comes after the previous one."""
    if year < last.year:
        message = _(
            "year {year} is before the previous issue's year {previous}",
            year=year,
            previous=last.year,
        )
        hint = _("the previous issue is {previous}", previous=previous)
        raise UsageError([Problem("--year", None, message, hint)])
    if date < last.date:
        message = _(
            "{date} is before the previous issue's date {previous}",
            date=date.isoformat(),
            previous=last.date.isoformat(),
        )
        hint = _("give the new issue's date: --date YYYY-MM-DD")
        raise UsageError([Problem("--date", None, message, hint)])


def _write_folder(target: Path, files: dict[str, str]) -> None:
    """Write every file into a new folder beside ``target``, then rename it into place."""
    parent = Path(os.path.abspath(target)).parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    except OSError as error:
        raise ContentError([Problem(str(target), None, _cannot_write(error))]) from None
    try:
        for name, text in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        staging.chmod(0o777 & ~_umask())
        if target.is_dir():
            target.rmdir()
        staging.rename(target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise ContentError([Problem(str(target), None, _cannot_write(error))]) from None


def _cannot_write(error: OSError) -> str:
    return _("cannot write: {why}", why=error.strerror or error.__class__.__name__)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# --- writing YAML ------------------------------------------------------------------------


def yaml_scalar(value: Any) -> str:
    """A YAML scalar that reads back as exactly ``value``: text plain when YAML would read
    it as that text (quoted when it starts with a digit, so that nobody takes a postcode
    for a number), else double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    text = str(value)
    try:
        plain = yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        plain = False
    plain = plain and "\n" not in text and text.strip() == text and not text[:1].isdigit()
    return text if plain else json.dumps(text, ensure_ascii=False)


def _field_lines(
    model: type[BaseModel], values: dict[str, Any], indent: str, *, notes: bool, skip: set[str]
) -> list[str]:
    """``key: value`` for each field of ``model`` in ``values``; the optional fields not
    given are left out, or with ``notes`` shown as commented-out examples, and each line
    ends with its description."""
    lines = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        value = values.get(name)
        note = f"  # {info.description}" if info.description else ""
        if value is None or (name == "style" and value == "articles"):
            example = _example(name, info)
            if not notes or info.is_required() or example is None:
                continue
            lines.append(f"{indent}# {name}: {yaml_scalar(example)}{note}")
        else:
            lines.append(f"{indent}{name}: {yaml_scalar(value)}{note if notes else ''}")
    return lines


def issue_yaml(
    fields: dict[str, Any],
    sections: list[tuple[dict[str, Any], str]],
    header: list[str],
    *,
    notes: bool,
) -> str:
    """issue.yaml: ``header`` as comments, the fields in the model's order, the colophon,
    and each section with its one article."""
    lines = [f"# {line}" for line in header]
    skip = {"colophon", "cover", "sections"}
    lines += _field_lines(IssueFile, fields, "", notes=notes, skip=skip)
    lines.append("colophon:")
    lines += _field_lines(Colophon, fields.get("colophon") or {}, "  ", notes=notes, skip=set())
    if notes:
        lines += _cover_guide()
    lines.append("sections:")
    for entry, name in sections:
        rest = _field_lines(SectionEntry, entry, "    ", notes=notes, skip={"title", "articles"})
        title_note = "  # printed as 【…】; also the group in the contents" if notes else ""
        lines.append(f"  - title: {yaml_scalar(entry['title'])}{title_note}")
        lines += rest
        lines += ["    articles:", f"      - {yaml_scalar(name)}"]
    return "\n".join(lines) + "\n"


def _cover_guide() -> list[str]:
    """The optional ``cover:`` block, commented out, each field with its description."""
    described = IssueFile.model_fields["cover"].description or "optional"
    lines = [f"# cover:  # {described}"]
    for name, info in Cover.model_fields.items():
        if name == "note":
            lines.append(f"#   note:  # {info.description}")
            for sub, sub_info in CoverNote.model_fields.items():
                example = _example(sub, sub_info) or STUB
                lines.append(f"#     {sub}: {yaml_scalar(example)}  # {sub_info.description}")
            continue
        example = _example(name, info) or ("images/cover.jpg" if name == "image" else STUB)
        lines.append(f"#   {name}: {yaml_scalar(example)}  # {info.description}")
    return lines


def article_guide(date: dt.date) -> list[str]:
    """The commented front-matter lines that show every article field but the title."""
    lines = ["# More fields: uncomment what you need (docs/content.md has them all)."]
    for name, info in ArticleMeta.model_fields.items():
        if name == "title":
            continue
        example = date if name == "date" else _example(name, info)
        shown = "" if example is None else f" {yaml_scalar(example)}"
        default = "" if info.default is None else f" Default: {yaml_scalar(info.default)}."
        lines.append(f"# {name}:{shown}  # {info.description}{default}")
    return lines


def _example(name: str, info: FieldInfo) -> Any:
    """A value to show for a field: the model's example, ours, or for a choice or a
    true/false field the value that is not the default."""
    if info.examples:
        return info.examples[0]
    if name in EXAMPLES:
        return EXAMPLES[name]
    if isinstance(info.default, bool):
        return not info.default
    choices = [c for c in typing.get_args(info.annotation) if c != info.default]
    if typing.get_origin(info.annotation) is Literal and choices:
        return choices[0]
    return None


def article_text(title: str, guide: list[str]) -> str:
    """An article file: the title, the commented ``guide``, and a body that says 待填写."""
    return "\n".join(["---", f"title: {yaml_scalar(title)}", *guide, "---", "", STUB, ""])


# --- typesetter add ----------------------------------------------------------------------


@dataclass
class Added:
    """What ``add`` wrote."""

    path: str  # the new article file, as shown
    name: str  # its path relative to the issue folder
    section: int  # 1-based
    section_title: str
    line: int  # its line in issue.yaml
    replaced: str | None = None  # the stub it took the place of, as shown

    def summary(self) -> list[str]:
        added = _(
            "added to section {section} {title}, issue.yaml line {line}",
            section=self.section,
            title=self.section_title,
            line=self.line,
        )
        lines = [f"{self.path}: {added}"]
        if self.replaced:
            replaced = _("in place of the stub {path} (removed)", path=self.replaced)
            lines.append(f"  {replaced}")
        lines.append(_("next: write the article in place of {stub}", stub=STUB))
        return lines


@dataclass
class _Section:
    title: str | None
    node: yaml.MappingNode
    items: list[yaml.Node]  # the article entries
    articles: yaml.Node | None  # the value of 'articles:'
    key: yaml.Node | None  # the key 'articles'


def add_article(
    issue_dir: Path, section: str, title: str, *, display_dir: str | None = None
) -> Added:
    """Write an article titled ``title`` and list it in ``section`` (a title, or a 1-based
    number) of ``issue_dir``'s issue.yaml."""
    shown_dir = str(issue_dir) if display_dir is None else display_dir
    shown = display_join(shown_dir, "issue.yaml")
    _check_title(title)
    yaml_file = issue_dir / "issue.yaml"
    raw, data = _read_issue_yaml(yaml_file, shown)
    root = yaml.compose(raw, Loader=yaml.SafeLoader)
    sections, sections_line = _sections(root, shown)
    index = _find_section(section, [s.title for s in sections], shown, sections_line)
    chosen = sections[index]
    before = sum(len(s.items) for s in sections[:index])
    listed = [
        str(item.value) for s in sections for item in s.items if isinstance(item, yaml.ScalarNode)
    ]
    stub = _untouched_stub(issue_dir, chosen)
    folder = issue_dir / "articles"
    on_disk = [f"articles/{p.name}" for p in folder.iterdir()] if folder.is_dir() else []
    taken = [p for p in [*listed, *on_disk] if stub is None or p != stub[1].value]
    given = data.get("date")
    date = given if isinstance(given, dt.date) else dt.date.today()
    if stub is not None:
        position, node = before + stub[0] + 1, stub[1]
        name = article_name(position, title, taken)
        text = _retitled(issue_dir / str(node.value), title) or article_text(
            title, article_guide(date)
        )
        edited = raw[: node.start_mark.index] + yaml_scalar(name) + raw[node.end_mark.index :]
        line = node.start_mark.line + 1
    else:
        position = before + len(chosen.items) + 1
        name = article_name(position, title, taken)
        text = article_text(title, article_guide(date))
        edited, line = _append_item(raw, chosen, name, shown)
    _verify(raw, edited, index, name, stub[0] if stub else None, shown, line)
    target = issue_dir / name
    _write_new(target, text, replace=stub is not None and stub[1].value == name)
    try:
        _replace_text(yaml_file, edited)
    except OSError as error:
        if stub is None or stub[1].value != name:
            target.unlink(missing_ok=True)
        raise ContentError([Problem(shown, None, _cannot_write(error))]) from None
    replaced = None
    if stub is not None and stub[1].value != name:
        (issue_dir / str(stub[1].value)).unlink(missing_ok=True)
        replaced = display_join(shown_dir, str(stub[1].value))
    section_title = chosen.title or str(index + 1)
    return Added(display_join(shown_dir, name), name, index + 1, section_title, line, replaced)


def _check_title(title: str) -> None:
    def refuse(message: str, hint: str) -> None:
        raise UsageError([Problem("TITLE", None, message, hint)])

    if not title.strip():
        refuse(_("must not be empty"), _('give the title in quotes: "{example}"', example="标题"))
    bad = FLAGGED_RE.search(title) or UNPRINTABLE.search(title)
    if bad is not None:
        what = describe_character(bad.group())
        refuse(_("{character} cannot be printed", character=what), _("type the title again"))
    if len(title) > TEXT_LIMIT:
        length, limit = f"{len(title):,}", TEXT_LIMIT
        message = _("too long ({length} characters; at most {limit})", length=length, limit=limit)
        refuse(message, _("shorten it"))


def _read_issue_yaml(path: Path, shown: str) -> tuple[str, dict[str, Any]]:
    """issue.yaml's text as it is on disk (its line endings kept) and its data; any
    problem reading or parsing it is an error."""
    if not path.is_file() or path.is_symlink():
        missing = not os.path.lexists(path)
        what = _("issue.yaml not found") if missing else _("not a regular file")
        hint = _("give the issue folder, the one holding issue.yaml")
        raise ContentError([Problem(shown, None, what, hint)])
    checked = read_text(path, what=N_("issue.yaml"))
    if isinstance(checked, ReadError):
        raise ContentError([Problem(shown, checked.line, checked.message, checked.hint)])
    doc, problems = parse_yaml(checked, shown)
    errors = [p for p in problems if p.severity == "error"]
    if doc is None or errors:
        raise ContentError(errors or [Problem(shown, 1, _("issue.yaml is empty"))])
    if not isinstance(doc.data, dict):
        message = _("issue.yaml must hold 'key: value' lines")
        raise ContentError([Problem(shown, 1, message)])
    raw = path.read_bytes().decode("utf-8")
    return raw, doc.data


def _sections(root: yaml.Node | None, shown: str) -> tuple[list[_Section], int]:
    """The sections of issue.yaml as YAML nodes, and the line of ``sections:``."""
    hint = _("see docs/content.md: sections: a list of '- title: …' with 'articles:'")
    if not isinstance(root, yaml.MappingNode):
        raise ContentError([Problem(shown, 1, _("issue.yaml has no sections"), hint)])
    value = next((v for k, v in root.value if k.value == "sections"), None)
    key_line = next((k.start_mark.line + 1 for k, _v in root.value if k.value == "sections"), 1)
    if not isinstance(value, yaml.SequenceNode) or not value.value:
        raise ContentError([Problem(shown, key_line, _("issue.yaml has no sections"), hint)])
    sections = []
    for entry in value.value:
        if not isinstance(entry, yaml.MappingNode):
            line = entry.start_mark.line + 1
            message = _("a section must be '- title: …'")
            raise ContentError([Problem(shown, line, message, hint)])
        found = {k.value: (k, v) for k, v in entry.value}
        title = found.get("title", (None, None))[1]
        key, articles = found.get("articles", (None, None))
        items = list(articles.value) if isinstance(articles, yaml.SequenceNode) else []
        text = title.value if isinstance(title, yaml.ScalarNode) else None
        sections.append(_Section(text, entry, items, articles, key))
    return sections, key_line


def _section_key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().strip("【】[]").strip().casefold()


def _find_section(wanted: str, titles: list[str | None], shown: str, line: int) -> int:
    """The index of the section titled ``wanted``, or numbered so (1-based)."""
    key = _section_key(wanted)
    for index, title in enumerate(titles):
        if title is not None and _section_key(title) == key:
            return index
    if key.isdigit() and 1 <= int(key) <= len(titles):
        return int(key) - 1
    # i18n: the separator between the items of a list ("1 行业资讯, 2 悦读电商")
    known = _(", ").join(f"{i} {t}" for i, t in enumerate(titles, start=1) if t is not None)
    close = difflib.get_close_matches(wanted, [t for t in titles if t], n=1, cutoff=0.5)
    if close:
        hint = _("did you mean '{name}'? the sections are {known}", name=close[0], known=known)
    else:
        hint = _("the sections are {known}", known=known)
    if key.isdigit():
        what = _("no section {number}", number=key)
    else:
        what = _("unknown section '{name}'", name=wanted)
    raise ContentError([Problem(shown, line, what, hint)])


def _untouched_stub(issue_dir: Path, section: _Section) -> tuple[int, yaml.ScalarNode] | None:
    """The first article of ``section`` nobody has begun (title and body 待填写)."""
    for index, item in enumerate(section.items):
        if not isinstance(item, yaml.ScalarNode) or item.style not in (None, "", "'", '"'):
            continue
        path = (issue_dir / str(item.value)).resolve()
        if not path.is_relative_to(issue_dir.resolve()) or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeError):
            continue
        if untouched_text(text):
            return index, item
    return None


def _retitled(stub: Path, title: str) -> str | None:
    """The stub's own text (its comments kept) with ``title`` in place of 待填写."""
    try:
        text = stub.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return None
    pattern = re.compile(r"^title\s*:.*$", re.MULTILINE)
    match = pattern.search(text)
    if match is None:
        return None
    return text[: match.start()] + f"title: {yaml_scalar(title)}" + text[match.end() :]


def _append_item(raw: str, section: _Section, name: str, shown: str) -> tuple[str, int]:
    """``raw`` with ``- name`` after the last article of ``section``, and its line."""
    newline = "\r\n" if "\r\n" in raw else "\n"
    entry = yaml_scalar(name)
    hint = _("write the section's articles one per line, '- articles/….md', then run add again")
    line_of = section.node.start_mark.line + 1
    if isinstance(section.articles, yaml.SequenceNode) and section.items:
        if section.articles.flow_style:
            message = _("cannot add to a list written in [ ] brackets")
            raise ContentError(
                [Problem(shown, section.articles.start_mark.line + 1, message, hint)]
            )
        last = section.items[-1]
        start = raw.rfind("\n", 0, last.start_mark.index) + 1
        prefix = raw[start : last.start_mark.index]
        if not re.fullmatch(r"[ ]*-[ ]+", prefix):
            message = _("cannot tell where the next article line goes")
            raise ContentError([Problem(shown, last.start_mark.line + 1, message, hint)])
        new_line = prefix + entry
        at = last.end_mark.line + 1
    elif section.key is not None and _empty(section.articles):
        start = raw.rfind("\n", 0, section.key.start_mark.index) + 1
        end = raw.find("\n", section.key.start_mark.index)
        key_line = raw[start : end if end >= 0 else len(raw)].rstrip("\r")
        if not re.fullmatch(r"[ ]*(-[ ]+)?articles[ ]*:[ ]*(#.*)?", key_line):
            message = _("cannot tell where the article line goes")
            raise ContentError([Problem(shown, section.key.start_mark.line + 1, message, hint)])
        new_line = " " * (section.key.start_mark.column + 2) + "- " + entry
        at = section.key.start_mark.line + 1
    else:
        message = _("this section has no 'articles:' list")
        hint = _("add a line 'articles:' to the section, then run add again")
        raise ContentError([Problem(shown, line_of, message, hint)])
    lines = raw.split("\n")
    if at >= len(lines) or (at == len(lines) - 1 and lines[-1] == ""):
        # the line goes at the end of the file
        body = raw if raw.endswith("\n") or not raw else raw + newline
        return body + new_line + newline, at + 1
    suffix = "\r" if newline == "\r\n" else ""
    lines.insert(at, new_line + suffix)
    return "\n".join(lines), at + 1


def _empty(node: yaml.Node | None) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null") and node.value == ""


def _verify(
    raw: str, edited: str, index: int, name: str, replaced: int | None, shown: str, line: int
) -> None:
    """The edited issue.yaml reads as the old one with ``name`` in section ``index``."""
    try:
        old, new = yaml.safe_load(raw), yaml.safe_load(edited)
    except yaml.YAMLError:
        old, new = None, None
    expected = None
    if isinstance(old, dict):
        expected = json.loads(json.dumps(old, default=str))
        entry = expected["sections"][index]
        articles = entry.get("articles") or []
        if replaced is not None:
            articles[replaced] = name
        else:
            articles.append(name)
        entry["articles"] = articles
    if new is None or json.loads(json.dumps(new, default=str)) != expected:
        message = _("could not add the article line without changing something else")
        hint = _("add '- {name}' to the section by hand", name=name)
        raise ContentError([Problem(shown, line, message, hint)])


def _write_new(path: Path, text: str, *, replace: bool) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w" if replace else "x", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        raise ContentError([Problem(str(path), None, _cannot_write(error))]) from None


def _replace_text(path: Path, text: str) -> None:
    """Write ``text`` over ``path`` atomically, keeping its permissions."""
    handle, temporary = tempfile.mkstemp(prefix=".issue.yaml.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
