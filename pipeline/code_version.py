"""The code version: changes whenever the code that shapes records changes, so a
result computed by other code is never reused (see flows/run.py)."""
from __future__ import annotations

import hashlib
from functools import cache
from importlib import import_module
from pathlib import Path

from shiryo._version import __version__

# The packages whose code shapes records; hashed wherever they are installed (the repository's
# parsers/ and pipeline/, or shiryo/parsers and shiryo/pipeline in site-packages).
_PACKAGES = ("shiryo.parsers", "shiryo.pipeline")


@cache
def code_version() -> str:
    h = hashlib.sha256()
    for package in _PACKAGES:
        root = Path(import_module(package).__file__).resolve().parent
        for path in sorted(root.rglob("*.py")):
            h.update(f"{package.removeprefix('shiryo.').replace('.', '/')}/{path.relative_to(root).as_posix()}".encode())
            h.update(path.read_bytes())
    return f"{__version__}+{h.hexdigest()[:12]}"
