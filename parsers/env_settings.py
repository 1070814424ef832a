"""Numbers read from the environment (time limits, caps): one place that says what a bad
value is, so `SHIRYO_PAGE_TIMEOUT=0` or `=abc` is a usage error naming the variable
instead of a limit that fails every page."""
from __future__ import annotations

import math
import os

from shiryo.parsers.errors import ShiryoError


class EnvSettingError(ShiryoError, ValueError):
    """An environment variable with a value shiryo cannot use: a usage error (exit 2)."""


def env_number(name: str, default: float, what: str = "a number of seconds") -> float:
    """A finite number > 0 from $name, or `default` when unset or empty."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (value > 0 and math.isfinite(value)):
        raise EnvSettingError(f"{name}={raw!r}: expected {what} greater than 0")
    return value
