"""The Prefect shell (`run.py`, `serve.py`).

Importing this package settles how Prefect behaves for shiryo before Prefect itself is
imported (Prefect reads its settings from the environment once, at import):

- the embedded server gets a start-up limit a first start can meet: that start creates and
  migrates a new SQLite database, which took longer than Prefect's default 20 s on 2 busy cores;
- the server's anonymous analytics ("telemetry") are off: it needs the network, logs an ERROR
  when it has none, and a user should not send data unasked.

Each is only a default: a value the user set in the environment wins.
"""
from __future__ import annotations

import os

PREFECT_DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
}


def apply_prefect_defaults(environ: dict[str, str] | os._Environ = os.environ) -> None:
    for key, value in PREFECT_DEFAULTS.items():
        environ.setdefault(key, value)


apply_prefect_defaults()
