"""Command groups of the `shiryo` command line, kept out of `shiryo/cli.py` so each module
stays small: `history` (runs, editions, diff) and `tables` (tables, kpis).  Each module's
`register(app)` adds its commands; the logic lives in the library (`shiryo.pipeline`)."""
from __future__ import annotations

from pathlib import Path

import typer

# the run store root: one name (`--out DIR`) in every command; the file a command writes is `-o/--output FILE`
STORE_HELP = "run store root (a folder: runs/, editions/, store/); the file written is -o/--output"
FILE_SUFFIXES = {".html", ".htm", ".csv", ".json", ".jsonl", ".md", ".parquet", ".xlsx", ".txt", ".pdf"}


def usage(message: str) -> None:
    from shiryo.cli import _usage

    _usage(message)


def check_store_root(out: Path) -> Path:
    """`--out review.html` is a common slip for `-o review.html`: say so instead of looking for runs in it."""
    if out.suffix.lower() in FILE_SUFFIXES or out.is_file():
        usage(f"--out {out} names the run store (a folder); to write a file give -o/--output {out}")
    return out


def store_option(default: str = "out"):
    return typer.Option(Path(default), "--out", help=STORE_HELP)


def register(app: typer.Typer) -> None:
    from shiryo.commands import history, tables

    history.register(app)
    tables.register(app)
