"""``typesetter archive``: re-render an archive of issues in parallel, incrementally.

    result = run_archive(ArchiveOptions(Path("content"), Path("out"), jobs=2))
    result.exit_code   # 1 if an issue failed

See :mod:`typesetter.archive.run` for the stages.
"""

from __future__ import annotations

from .discover import IssueFolder, discover, parse_shard, select_shard, shard_of
from .run import ArchiveOptions, ArchiveResult, IssueResult, index_only, plan, run_archive

__all__ = [
    "ArchiveOptions",
    "ArchiveResult",
    "IssueFolder",
    "IssueResult",
    "discover",
    "index_only",
    "parse_shard",
    "plan",
    "run_archive",
    "select_shard",
    "shard_of",
]
