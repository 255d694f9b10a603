"""One Edition enum and one typed options object for build, check and archive."""

from __future__ import annotations

import json

import pytest

from typesetter.options import Edition, PrintOptions


def test_an_edition_is_one_enum_whatever_spelling_arrives() -> None:
    assert PrintOptions(edition="screen").edition is Edition.SCREEN  # type: ignore[arg-type]
    assert PrintOptions().edition is Edition.PRINT
    with pytest.raises(ValueError):
        PrintOptions(edition="paper")  # type: ignore[arg-type]


def test_the_archive_suffix_comes_from_the_edition() -> None:
    assert (Edition.PRINT.suffix, Edition.SCREEN.suffix) == ("", ".screen")


def test_the_cache_key_covers_every_option_that_changes_the_output() -> None:
    base = PrintOptions()
    variants = [
        PrintOptions(edition=Edition.SCREEN),
        PrintOptions(page_size="A5"),
        PrintOptions(bleed="3mm"),
        PrintOptions(marks="crop"),
        PrintOptions(pad_to=4),
        PrintOptions(pdf_variant="pdf/x-4"),
        PrintOptions(optimize_images=True),
    ]
    keys = {json.dumps(o.cache_key(), sort_keys=True) for o in [base, *variants]}
    assert len(keys) == 1 + len(variants)
    assert base.cache_key() == PrintOptions().cache_key()
    json.dumps(base.cache_key())  # JSON-ready: the archive hashes it
