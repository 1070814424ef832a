"""A recognised expression: where it is in the normalised text, and its record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FISCAL_YEAR = "fiscal_year"
DATE = "date"
QUANTITY = "quantity"


@dataclass(frozen=True)
class Mention:
    kind: str  # FISCAL_YEAR, DATE or QUANTITY
    begin: int  # offsets in the normalised text
    end: int
    record: dict[str, Any] = field(compare=False)  # the dict that goes into the output

    def overlaps(self, other: "Mention") -> bool:
        return self.begin < other.end and other.begin < self.end
