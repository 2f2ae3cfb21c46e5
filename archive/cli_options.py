"""Click options shared by every `newsarchive` command, so they read and default the same way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

DEFAULT_DATA_DIR = Path("data")


def data_option(help: str, name: str = "data_dir") -> Callable[[Any], Any]:
    """`--data DIR`: the data directory (warc/, archive.db, state.db, logs/, crawl.lock)."""
    return click.option(
        "--data", name, type=click.Path(file_okay=False, path_type=Path),
        default=DEFAULT_DATA_DIR, show_default=True, help=help,
    )
