"""typer's own words in the user's language (docs/i18n.md, "typer's own sentences").

typer passes some sentences through ``gettext.gettext`` (Options, Commands, ``default: …``):
the ``click`` catalog, installed by :func:`typesetter.i18n.set_language`, translates them.
The ones its vendored click hard-codes (``Usage:``, ``Error:``, ``Try … for help.``,
``Missing argument …``, ``Show this message and exit.``) are translated here, when the
language is not English: :func:`run` gives every command a help formatter that writes our
words, and prints a usage error itself. In English typer runs as it is.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer import _click  # typer's vendored click: the only place we reach into it
from typer._click.exceptions import ClickException, UsageError

from . import i18n
from .errors import printable
from .i18n import N_, Translator

_ = Translator("cli")

#: click's sentences (after ``Error:``) as regular expressions, with the msgid each becomes;
#: a sentence not listed stays English. The groups are the msgid's fields, in order.
CLICK_ERRORS: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = (
    (re.compile(r"Missing argument (.+)\.\Z"), N_("Missing argument {name}."), ("name",)),
    (re.compile(r"Missing option (.+)\.\Z"), N_("Missing option {name}."), ("name",)),
    (re.compile(r"No such option: (\S+)\Z"), N_("No such option: {name}"), ("name",)),
    (
        re.compile(r"No such option: (\S+) \(Possible options: (.+)\)\Z"),
        N_("No such option: {name} (did you mean {choices}?)"),
        ("name", "choices"),
    ),
    (
        re.compile(r"Option (\S+) requires an argument\.\Z"),
        N_("Option {name} requires an argument."),
        ("name",),
    ),
    (
        re.compile(r"Got unexpected extra arguments? \((.*)\)\Z", re.S),
        N_("Got unexpected extra arguments ({values})"),
        ("values",),
    ),
    (
        re.compile(r"Invalid value for (.+?): (.*)\Z", re.S),
        N_("Invalid value for {name}: {message}"),
        ("name", "message"),
    ),
    (
        re.compile(r"(?:File|file) (.+) does not exist\.\Z"),
        N_("File {name} does not exist."),
        ("name",),
    ),
    (
        re.compile(r"(?:Directory|dir) (.+) does not exist\.\Z"),
        N_("Folder {name} does not exist."),
        ("name",),
    ),
    (
        re.compile(r"(?:Path|path) (.+) does not exist\.\Z"),
        N_("Path {name} does not exist."),
        ("name",),
    ),
    (
        re.compile(r"(?:File|file) (.+) is a directory\.\Z"),
        N_("{name} is a folder, not a file."),
        ("name",),
    ),
    (
        re.compile(r"(?:Directory|dir) (.+) is a file\.\Z"),
        N_("{name} is a file, not a folder."),
        ("name",),
    ),
    (
        re.compile(r"(.+) is not one of (.+)\.\Z"),
        N_("{value} is not one of {choices}."),
        ("value", "choices"),
    ),
    (
        re.compile(r"Value (.+) is not a valid (integer|float)\.\Z"),
        N_("{value} is not a number."),
        ("value",),
    ),
    (
        re.compile(r"(.+) is not in the range (.+)\.\Z"),
        N_("{value} is not in the range {range}."),
        ("value", "range"),
    ),
)
HELP_OPTION = N_("Show this message and exit.")


def translate_click(message: str) -> str:
    """click's English sentence in the current language (the parts it quotes kept)."""
    for pattern, msgid, names in CLICK_ERRORS:
        match = pattern.match(message)
        if match is not None:
            values = dict(zip(names, match.groups(), strict=True))
            if "message" in values:
                values["message"] = translate_click(values["message"])
            return _(msgid, **values)
    return message


class _Formatter(_click.formatting.HelpFormatter):
    """Help pages with our ``Usage:`` and our words for ``--help``."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(_("{indent}{heading}:", indent=" " * self.current_indent, heading=heading))
        self.write("\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        rows = [(term, _(HELP_OPTION) if text == HELP_OPTION else text) for term, text in rows]
        super().write_dl(rows, *args, **kwargs)


class _Context(_click.core.Context):
    formatter_class = _Formatter


def _localize(command: _click.core.Command) -> None:
    command.context_class = _Context
    for sub in getattr(command, "commands", {}).values():
        _localize(sub)


def _show(error: ClickException) -> None:
    """A usage error as click shows it, in our words."""
    err = sys.stderr
    if isinstance(error, _click.exceptions.NoArgsIsHelpError):  # the help page
        typer.echo(error.format_message(), file=err)
        return
    ctx = error.ctx if isinstance(error, UsageError) else None
    if ctx is not None:
        text = ctx.get_usage()
        if ctx.command.get_help_option(ctx) is not None:
            command, option = ctx.command_path, ctx.help_option_names[0]
            text += "\n" + _("Try '{command} {option}' for help.", command=command, option=option)
        typer.echo(text + "\n", file=err)
    message = translate_click(error.format_message())
    typer.echo(_("Error: {message}", message=printable(message)), file=err)


def run(command: _click.core.Command, args: list[str], prog_name: str) -> None:
    """Run the CLI: as typer does in English, with our words in other languages."""
    if i18n.current_language() == "en":
        command.main(args=args, prog_name=prog_name)
        return
    _localize(command)
    try:
        code = command.main(args=args, prog_name=prog_name, standalone_mode=False)
    except ClickException as error:
        _show(error)
        sys.exit(error.exit_code)
    except typer.Abort:
        typer.echo(_("Aborted."), file=sys.stderr)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def lang_first(argv: Sequence[str], option: str = "--lang") -> list[str]:
    """``argv`` with every ``--lang X`` / ``--lang=X`` (before a ``--``) moved to the
    front, where the main command's option takes it: ``typesetter build … --lang zh-CN``
    works as ``typesetter --lang zh-CN build …``."""
    moved: list[str] = []
    rest: list[str] = []
    args = list(argv)
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest += args[index:]
            break
        if arg == option and index + 1 < len(args):
            moved += args[index : index + 2]
            index += 2
            continue
        if arg.startswith(option + "="):
            moved.append(arg)
        else:
            rest.append(arg)
        index += 1
    return moved + rest
