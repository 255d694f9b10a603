"""Messages in the user's language: gettext catalogs, one domain per area (docs/i18n.md).

A module declares its domain once and marks its sentences::

    from .i18n import N_, Translator

    _ = Translator("content")
    ngettext = _.ngettext

    _("{path}: no such file", path=name)                  # translated, then formatted
    ngettext("{n} error", "{n} errors", count)             # n is a field too
    TABLE = {"tab": N_("a tab in the indentation")}        # marked here ...
    _(TABLE[key])                                          # ... translated where used

Sentences are translated when they are used, in the language chosen then: English (the
msgids themselves) or Simplified Chinese from ``typesetter/locale/zh_CN/LC_MESSAGES/
<domain>.mo``. A domain's catalog falls back to the other domains' catalogs, so a sentence
that moves to a module of another area stays translated until the next catalog update.

The language: ``--lang`` (the CLI calls :func:`set_language`), else ``TYPESETTER_LANG``,
else the locale as gettext reads it (``LC_ALL``, ``LC_MESSAGES``, ``LANG``; ``LANGUAGE``
when that locale is not C/POSIX): a value starting with ``zh`` is Chinese; else English.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

#: The languages a user can choose (``--lang``), the first the default.
LANGUAGES = ("en", "zh-CN")
DEFAULT = "en"
#: gettext's name of each language's catalog folder (English has none: the msgids).
_CATALOG = {"zh-CN": "zh_CN"}
#: One catalog per area of the code (docs/i18n.md); ``click`` holds typer's own sentences.
DOMAINS = ("cli", "content", "layout", "proof", "archive", "importer", "preview", "click")
#: Which source files each domain's sentences are extracted from (scripts/i18n), as globs
#: relative to the ``typesetter`` package. Every module that uses ``Translator(D)`` is
#: listed under D (tests/test_i18n.py checks it).
DOMAIN_SOURCES: Mapping[str, tuple[str, ...]] = {
    "cli": ("cli.py", "cli_text.py", "errors.py", "i18n.py"),
    "content": (
        "yamlsource.py",
        "content.py",
        "contentfiles.py",
        "model.py",
        "markdown.py",
        "preflight.py",
        "scaffold.py",
        "stubs.py",
        "naming.py",
    ),
    "layout": (
        "layouts.py",
        "images.py",
        "fonts.py",
        "outputs.py",
        "pdf.py",
        "printing.py",
        "options.py",
        "pagechecks.py",
        "pagemap.py",
        "pipeline.py",
        "html.py",
        "weasy/*.py",
        "web/*.py",
    ),
    "proof": ("proof/*.py",),
    "archive": ("archive/*.py",),
    "importer": ("importer/*.py",),
    "preview": ("preview/*.py",),
    "click": (),  # typer's own sentences: tests/test_i18n.py and scripts/i18n know them
}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: Set for the processes the typesetter starts (archive workers), so they speak alike.
ENV_VAR = "TYPESETTER_LANG"

_current: str | None = None


def normalize(value: str) -> str | None:
    """``zh-CN``, ``zh_CN.UTF-8``, ``zh`` … → ``zh-CN``; ``en``, ``en_US`` … → ``en``;
    anything else → None."""
    value = value.strip().lower().replace("_", "-")
    if value.startswith("zh"):
        return "zh-CN"
    if value == "en" or value.startswith(("en-", "en.")) or value.split(".")[0] in {"c", "posix"}:
        return "en"
    return None


def language_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for: ``TYPESETTER_LANG``, else the locale as
    gettext reads it, else English."""
    env = os.environ if environ is None else environ
    chosen = normalize(env.get(ENV_VAR, ""))
    if chosen is not None:
        return chosen
    locale = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "")
    if locale and normalize(locale) != "en" and env.get("LANGUAGE"):  # not C/POSIX/English
        for entry in env["LANGUAGE"].split(":"):
            if (chosen := normalize(entry)) is not None:
                return chosen
    return normalize(locale) or DEFAULT


def language_from_argv(argv: Sequence[str]) -> str | None:
    """The value of the first ``--lang X`` or ``--lang=X`` before a ``--``, normalized, or
    None (absent or unknown: the option's own check reports an unknown value)."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return normalize(argv[index + 1])
        if arg.startswith("--lang="):
            return normalize(arg.removeprefix("--lang="))
    return None


def set_language(language: str) -> None:
    """Speak ``language`` (one of :data:`LANGUAGES`, or a value :func:`normalize` knows)
    from now on, also in the processes started from here."""
    global _current
    chosen = normalize(language)
    if chosen is None:
        raise ValueError(f"unknown language {language!r} (choose {' or '.join(LANGUAGES)})")
    _current = chosen
    os.environ[ENV_VAR] = chosen
    _install_click(chosen)


def current_language() -> str:
    """The language messages are in now (read from the environment the first time)."""
    global _current
    if _current is None:
        _current = language_from_env()
    return _current


@cache
def _load(language: str, domain: str) -> gettext.NullTranslations:
    """``domain``'s catalog in ``language`` with every other domain's as its fallbacks."""
    folder = _CATALOG.get(language)
    if folder is None:
        return gettext.NullTranslations()
    chain: gettext.NullTranslations | None = None
    for name in (domain, *(d for d in DOMAINS if d != domain)):
        path = LOCALE_DIR / folder / "LC_MESSAGES" / f"{name}.mo"
        if not path.is_file():
            continue
        with path.open("rb") as file:
            catalog = gettext.GNUTranslations(file)
        if chain is None:
            chain = catalog
        else:
            chain.add_fallback(catalog)
    return chain or gettext.NullTranslations()


def catalog(domain: str, language: str | None = None) -> gettext.NullTranslations:
    """The translations of ``domain`` (falling back to the other domains) in ``language``
    (default: the current one)."""
    return _load(language or current_language(), domain)


def _format(text: str, fields: Mapping[str, Any]) -> str:
    return text.format(**fields) if fields else text


class Translator:
    """``_ = Translator("content")``: ``_(msgid, **fields)`` translates into the current
    language, then fills the ``{name}`` fields (only when fields are given, so a sentence
    without fields may hold braces)."""

    def __init__(self, domain: str) -> None:
        if domain not in DOMAINS:
            raise ValueError(f"unknown message domain {domain!r}")
        self.domain = domain

    def __call__(self, message: str, /, **fields: Any) -> str:
        return _format(catalog(self.domain).gettext(message), fields)

    def ngettext(self, singular: str, plural: str, n: int, /, **fields: Any) -> str:
        """The form for ``n`` (Chinese has one), with ``{n}`` and ``fields`` filled."""
        text = catalog(self.domain).ngettext(singular, plural, n)
        return text.format(n=n, **fields)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it (module-level tables):
    translate it where it is used, with the module's ``_``."""
    return message


def _install_click(language: str) -> None:
    """typer's own sentences (Options, Arguments, Commands, default: …) go through the
    standard ``gettext.gettext`` of the default domain: point that domain at our ``click``
    catalog and tell gettext the language through ``LANGUAGE``, which it reads first."""
    gettext.bindtextdomain("click", str(LOCALE_DIR))
    gettext.textdomain("click")
    os.environ["LANGUAGE"] = _CATALOG.get(language, "en")
