"""The code version: changes whenever the code that shapes records changes, so a
result computed by other code is never reused (see flows/run.py)."""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from shiryo import __version__

_ROOT = Path(__file__).resolve().parent.parent
_PACKAGES = ("parsers", "pipeline")


@cache
def code_version() -> str:
    h = hashlib.sha256()
    for package in _PACKAGES:
        for path in sorted((_ROOT / package).rglob("*.py")):
            h.update(str(path.relative_to(_ROOT)).encode())
            h.update(path.read_bytes())
    return f"{__version__}+{h.hexdigest()[:12]}"
