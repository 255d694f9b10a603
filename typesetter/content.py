"""Load an issue folder (issue.yaml + articles + images) into a validated :class:`Issue`.

Every problem of the issue is collected before anything is raised, so the editor sees them
all at once, each as ``PATH:LINE: what is wrong (hint)`` with PATH built from the folder as
the user typed it. The format is documented in ``docs/content.md``.

Before anything is parsed, each file is read within its size limit and every character of
it is checked (:func:`typesetter.contentfiles.scan_characters`); escapes in YAML and
character references in Markdown are checked as they are decoded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from typesetter.contentfiles import (
    ReadError,
    RefError,
    check_image,
    display_join,
    read_text,
    reference_problems,
    resolve_ref,
    scan_characters,
)
from typesetter.errors import ContentError, Problem
from typesetter.i18n import N_, Translator
from typesetter.layouts import NotFound, available_layouts, find_layout, search_places
from typesetter.markdown import render_body, warn_half_width
from typesetter.model import (
    PATH_LIMIT,
    ZH_HANS_TAGS,
    Article,
    ArticleMeta,
    Issue,
    IssueFile,
    Section,
    format_source_date,
)
from typesetter.resources import LAYOUTS_DIR
from typesetter.stubs import settle_stubs
from typesetter.yamlsource import Loc, YamlDoc, parse_yaml, validation_problems

_ARTICLE_REF_RE = re.compile(r"""^[ \t-]*['"]?([^\s'"#][^'"#\n]*?\.md)['"]?[ \t]*(?:#.*)?$""", re.M)
"""A line of a (broken) issue.yaml that names an article file: ``  - articles/01.md``."""
CHECKED_TEXT = ("title", "source", "author", "affiliation")
"""Front-matter fields checked for half-width punctuation between Han characters."""

Model = TypeVar("Model", bound=BaseModel)
_ = Translator("content")


class HasEditor(Protocol):
    @property
    def editor(self) -> str: ...


def load_issue(issue_dir: Path, *, display_dir: str | None = None) -> tuple[Issue, list[Problem]]:
    """Load and validate the issue in ``issue_dir``.

    Returns the issue and its warnings; raises :class:`ContentError` holding every error
    (sorted by path and line) when anything is wrong.
    """
    loader = _IssueLoader(issue_dir, str(issue_dir) if display_dir is None else display_dir)
    issue = loader.load()
    if issue is not None:  # articles nobody has begun are left out (typesetter/stubs.py)
        loader.problems += settle_stubs(issue)
    errors = [p for p in loader.problems if p.severity == "error"]
    if issue is None and not errors:  # defensive: every failed step reports a problem
        errors = [Problem(loader.yaml_path, None, _("the issue could not be loaded"))]
    if errors or issue is None:
        raise ContentError(sort_problems(errors))
    return issue, sort_problems(loader.problems)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.path, p.line or 0, p.severity, p.message))


def source_line(meta: ArticleMeta, issue: HasEditor) -> str | None:
    """The printed source line, or None when ``source_line: false``.

    ``来源：{source}　编选：{editor}　{date}`` when ``source`` is given, else
    ``来源：{editor}　{date}``; the date part is left out when there is no date.
    """
    if not meta.source_line:
        return None
    editor = meta.editor or issue.editor
    parts = [f"来源：{meta.source}", f"编选：{editor}"] if meta.source else [f"来源：{editor}"]
    if meta.date is not None:
        parts.append(format_source_date(meta.date))
    return "\u3000".join(parts)


class _IssueLoader:
    def __init__(self, issue_dir: Path, display_dir: str) -> None:
        self.dir = issue_dir
        self.display_dir = display_dir
        self.yaml_path = display_join(display_dir, "issue.yaml")
        self.problems: list[Problem] = []
        self.seen: dict[Path, int] = {}  # article file → line of issue.yaml naming it
        self.anchors: set[str] = set()
        self.yaml_text: str | None = None  # issue.yaml as read ("" when it could not be)

    def problem(self, path: str, line: int | None, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(path, line, message, hint))

    def load(self) -> Issue | None:
        doc = self._read_issue_yaml()
        if doc is None or not isinstance(doc.data.get("sections"), list):
            self._check_articles_anyway()
        if doc is None:
            return None
        meta = _validate(IssueFile, doc, self.yaml_path, self.problems)
        self._check_layout(doc)
        self._check_cover_image(doc)
        sections = self._load_sections(doc)
        if isinstance(doc.data.get("sections"), list):
            self._warn_unlisted()
        if meta is None or sections is None:
            return None
        return self._build(meta, sections)

    def _read_issue_yaml(self) -> YamlDoc | None:
        if not self.dir.is_dir():
            self.problem(self.display_dir, None, _("not a folder"), _("give the issue folder"))
            return None
        path = self.dir / "issue.yaml"
        try:
            exists, inside = path.exists(), path.resolve().is_relative_to(self.dir.resolve())
            regular = path.is_file()
        except (OSError, RuntimeError) as err:
            why = getattr(err, "strerror", None) or err.__class__.__name__
            hint = _("check the permissions of the issue folder")
            self.problem(self.yaml_path, None, _("cannot read issue.yaml ({why})", why=why), hint)
            return None
        if not exists:
            hint = _("an issue folder holds issue.yaml; see docs/content.md")
            self.problem(self.yaml_path, None, _("issue.yaml not found"), hint)
            return None
        if not inside:
            hint = _("copy the file into the issue folder")
            message = _("issue.yaml links outside the issue folder")
            self.problem(self.yaml_path, None, message, hint)
            return None
        if not regular:
            self.problem(self.yaml_path, None, _("issue.yaml is not a regular file"))
            return None
        text = _read(path, self.yaml_path, self.problems)
        self.yaml_text = text or ""
        doc = _parse_text(text, self.yaml_path, 0, self.problems) if text is not None else None
        if doc is None:
            return None
        if not isinstance(doc.data, dict):
            hint = _("it starts with 'publication: …'; see docs/content.md")
            if doc.data is None:
                message = _("issue.yaml is empty")
            else:
                message = _(
                    "issue.yaml must hold 'key: value' lines, not {kind}", kind=_kind(doc.data)
                )
            self.problem(self.yaml_path, 1, message, hint)
            return None
        return doc

    def _check_layout(self, doc: YamlDoc) -> None:
        layout = doc.data.get("layout", "newsletter")
        if isinstance(layout, str) and ("layout",) not in doc.flagged:
            try:  # looked up as the build does (docs/layouts.md, "Where layouts come from")
                find_layout(layout, search_places(self.dir), self.dir)
            except NotFound as missing:
                line = doc.place(("layout",)).line
                message = _("{name}: {problem}", name="layout", problem=missing.message)
                self.problem(self.yaml_path, line, message, missing.hint)
        language = doc.data.get("language", "zh-Hans")
        if (
            isinstance(language, str)
            and ("language",) not in doc.flagged
            and language.strip().lower() not in ZH_HANS_TAGS
        ):
            name = layout if isinstance(layout, str) else "newsletter"
            self.problem(
                self.yaml_path,
                doc.place(("language",)).line,
                _(
                    "language: '{language}' is not supported by layout '{name}'",
                    language=language,
                    name=name,
                ),
                _("use zh-Hans or zh-CN; other languages are not supported yet"),
            )

    def _check_cover_image(self, doc: YamlDoc) -> None:
        """``cover.image``: a picture inside the issue folder, checked as an article's."""
        cover = doc.data.get("cover")
        ref = cover.get("image") if isinstance(cover, dict) else None
        if not isinstance(ref, str) or not ref.strip() or len(ref) > PATH_LIMIT:
            return  # a wrong type or an over-long path is reported by the model validation
        if ("cover", "image") in doc.flagged:
            return
        target = resolve_ref(ref, self.dir, N_("image"), self.display_dir)
        problem = target if isinstance(target, RefError) else check_image(target, ref)
        if problem is not None:
            line = doc.place(("cover", "image")).line
            self.problem(self.yaml_path, line, problem.message, problem.hint)

    def _load_sections(self, doc: YamlDoc) -> list[list[Article]] | None:
        """The articles of each section; None when any article could not be loaded."""
        sections = doc.data.get("sections")
        if not isinstance(sections, list):
            return None
        loaded: list[list[Article]] = []
        complete = True
        for i, entry in enumerate(sections):
            self._warn_half_width(doc, entry, ("sections", i), ("title", "toc_title"))
            refs = entry.get("articles") if isinstance(entry, dict) else None
            articles: list[Article] = []
            for j, ref in enumerate(refs if isinstance(refs, list) else []):
                loc = ("sections", i, "articles", j)
                if not isinstance(ref, str) or len(ref) > PATH_LIMIT or loc in doc.flagged:
                    complete = False  # reported by the model validation or the YAML checks
                    continue
                article = self._load_article(ref, doc.place(loc).line)
                complete = complete and article is not None
                articles += [article] if article is not None else []
            loaded.append(articles)
        return loaded if complete else None

    def _check_articles_anyway(self) -> None:
        """When issue.yaml names no articles one can trust (it is broken, or its sections
        are), check the files it seems to name and every ``articles/*.md``: a slip in
        issue.yaml must not hide the problems of the articles."""
        if self.yaml_text is None:
            return  # no issue.yaml at all: not an issue folder
        names = [m.group(1) for m in _ARTICLE_REF_RE.finditer(self.yaml_text)]
        folder = self.dir / "articles"
        if folder.is_dir():
            names += [f"articles/{path.name}" for path in sorted(folder.glob("*.md"))]
        for name in dict.fromkeys(names):
            what = N_("article file")
            target = resolve_ref(name, self.dir, what, self.display_dir, literal=True)
            if isinstance(target, RefError) or target in self.seen:
                continue  # a path that is wrong is reported once issue.yaml reads
            self.seen[target] = 0
            relative = target.relative_to(self.dir.resolve()).as_posix()
            loader = _ArticleLoader(target, display_join(self.display_dir, relative), self)
            loader.load(self._anchor(target))

    def _warn_half_width(self, doc: YamlDoc, entry: object, loc: Loc, keys: Iterable[str]) -> None:
        for key in keys:
            value = entry.get(key) if isinstance(entry, dict) else None
            if isinstance(value, str):
                line = doc.place((*loc, key)).line
                warn_half_width(value, line, self.yaml_path, self.problems)

    def _load_article(self, ref: str, line: int) -> Article | None:
        target = resolve_ref(ref, self.dir, N_("article file"), self.display_dir, literal=True)
        if isinstance(target, RefError):
            self.problem(self.yaml_path, line, target.message, target.hint)
            return None
        if target in self.seen:
            hint = _("first at line {line}; list each article once", line=self.seen[target])
            message = _("article file '{ref}' is listed twice", ref=ref)
            self.problem(self.yaml_path, line, message, hint)
            return None
        self.seen[target] = line
        relative = target.relative_to(self.dir.resolve()).as_posix()
        loader = _ArticleLoader(target, display_join(self.display_dir, relative), self)
        return loader.load(self._anchor(target))

    def _anchor(self, target: Path) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", target.stem.lower()).strip("-")
        base = f"a-{slug}" if slug else f"a-{len(self.seen)}"
        anchor, n = base, 1
        while anchor in self.anchors:
            n += 1
            anchor = f"{base}-{n}"
        self.anchors.add(anchor)
        return anchor

    def _warn_unlisted(self) -> None:
        folder = self.dir / "articles"
        if not folder.is_dir():
            return
        for path in sorted(folder.glob("*.md")):
            if path.resolve() not in self.seen:
                shown = display_join(self.display_dir, f"articles/{path.name}")
                hint = _("add it to a section of issue.yaml or delete it")
                self.problems.append(
                    Problem(shown, None, _("not listed in issue.yaml"), hint, "warning")
                )

    def _build(self, meta: IssueFile, loaded: list[list[Article]]) -> Issue:
        issue = Issue(
            dir=self.dir.resolve(),
            display_dir=self.display_dir,
            publication=meta.publication,
            kicker=meta.kicker,
            year=meta.year,
            number=meta.number,
            total=meta.total,
            date=meta.date,
            publisher=meta.publisher,
            editor=meta.editor,
            colophon=meta.colophon,
            layout=meta.layout,
            language=meta.language,
            cover=meta.cover,
        )
        for i, (entry, articles) in enumerate(zip(meta.sections, loaded, strict=True)):
            for article in articles:
                article.source_text = source_line(article.meta, issue)
            section = Section(entry.title, entry.toc_title, entry.style, articles, f"s-{i + 1}")
            issue.sections.append(section)
        return issue


class _ArticleLoader:
    """One article file: front matter, body, image, rendered HTML."""

    def __init__(self, path: Path, display_path: str, issue: _IssueLoader) -> None:
        self.path = path
        self.display_path = display_path
        self.issue = issue
        self.problems = issue.problems

    def problem(self, line: int | None, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.display_path, line, message, hint))

    def load(self, anchor: str) -> Article | None:
        text = _read(self.path, self.display_path, self.problems, article=True)
        if text is None:
            return None
        lines = text.split("\n")
        if lines[0].rstrip() != "---":
            hint = _("the file starts with a line '---', then 'title: …', then a line '---'")
            self.problem(1, _("no front matter"), hint)
            return None
        end = next((k for k in range(1, len(lines)) if lines[k].rstrip() == "---"), None)
        if end is None:
            self.problem(1, _("front matter not closed"), _("end it with a line '---'"))
            return None
        meta = self._front_matter("\n".join(lines[1:end]))
        body = "\n".join(lines[end + 1 :])
        self.problems.extend(reference_problems(body, self.display_path, end + 2))
        html, problems = render_body(
            body,
            display_path=self.display_path,
            first_line=end + 2,
            issue_dir=self.issue.dir,
            anchor=anchor,
            display_dir=self.issue.display_dir,
        )
        self.problems.extend(problems)
        if meta is None:
            return None
        return Article(self.path, self.display_path, meta, body, end + 2, anchor, html)

    def _front_matter(self, text: str) -> ArticleMeta | None:
        doc = _parse_text(text, self.display_path, 1, self.problems)
        if doc is None:
            return None
        if doc.data is None:
            doc = YamlDoc({})
        if not isinstance(doc.data, dict):
            hint = _("write 'title: …' and the other fields, one per line")
            message = _(
                "front matter must hold 'key: value' lines, not {kind}", kind=_kind(doc.data)
            )
            self.problem(2, message, hint)
            return None
        self._check_image(doc)
        for key in CHECKED_TEXT:
            value = doc.data.get(key)
            if isinstance(value, str):
                warn_half_width(value, doc.place((key,)).line, self.display_path, self.problems)
        return _validate(ArticleMeta, doc, self.display_path, self.problems)

    def _check_image(self, doc: YamlDoc) -> None:
        ref = doc.data.get("image")
        if not isinstance(ref, str) or not ref.strip() or len(ref) > PATH_LIMIT:
            return  # an over-long path is reported by the model validation
        if ("image",) in doc.flagged:
            return
        target = resolve_ref(ref, self.issue.dir, N_("image"), self.issue.display_dir)
        problem = target if isinstance(target, RefError) else check_image(target, ref)
        if problem is not None:
            self.problem(doc.place(("image",)).line, problem.message, problem.hint)


def _read(path: Path, shown: str, problems: list[Problem], *, article: bool = False) -> str | None:
    """The file's text with its characters checked, or None when it cannot be used."""
    if article:
        text = read_text(
            path,
            what=N_("an article"),
            save_hint=N_("save the article as UTF-8 Markdown"),
            large_hint=N_("look for text pasted by mistake, or split the article"),
        )
    else:
        text = read_text(path, what=N_("issue.yaml"))
    if isinstance(text, ReadError):
        problems.append(Problem(shown, text.line, text.message, text.hint))
        return None
    text, found = scan_characters(text, shown)
    problems.extend(found)
    return text


def _parse_text(text: str, shown: str, offset: int, problems: list[Problem]) -> YamlDoc | None:
    doc, found = parse_yaml(text, shown, line_offset=offset)
    problems.extend(found)
    return doc


def _validate(
    model: type[Model], doc: YamlDoc, shown: str, problems: list[Problem]
) -> Model | None:
    try:
        return model.model_validate(doc.data)
    except ValidationError as err:
        problems.extend(validation_problems(err, doc, shown, model))
        return None


def _kind(value: object) -> str:
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return _("a single value ({value})", value=repr(str(value)[:40]))


__all__ = ["LAYOUTS_DIR", "available_layouts", "load_issue", "sort_problems", "source_line"]
