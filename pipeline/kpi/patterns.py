"""The KPI text grammar: markers, target/actual labels and the line shapes KPIs are written in (one home)."""
from __future__ import annotations

import regex

from shiryo.parsers.patterns import UNSIGNED_NUMBER


MARKERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
OPEN, CLOSE = "（(", "）)"
DIGITS = "0123456789０１２３４５６７８９"

# A marker starts an entry unless it is a reference: `（①の内数）`, `①及び②`.
MARKER = regex.compile(rf"(?<![（(、・及])[{MARKERS}](?![のとに及、・])")
TARGET_OPEN = regex.compile(r"[（(]\s*目標値?")
TARGET_LABEL = regex.compile(r"^目標値?(?:[（(][^）)]*[）)])?\s*[:：]?\s*")
NOT_A_NUMBER = regex.compile(r"以上|以下|上回|下回|平均|比で|増加|減少|維持|同程度|向上")
# a number in normalised text, not the tail of a longer one (the number shape: parsers/patterns.py)
NUMBER = regex.compile(rf"(?<![0-9.,]){UNSIGNED_NUMBER}")
COUNTER = regex.compile(r"\p{Han}{1,3}|\p{Katakana}+")
LABEL_PREFIX = regex.compile(r"^(?P<prefix>[^：:、]{1,20}?)[:：]\s*")
YEAR_ONLY = regex.compile(r"^(?:までに|まで|時点|実績|末|現在|[\s、,])*$")
LABEL_NOISE = regex.compile(r"までに|まで|\s")
ANY_DIGIT = regex.compile(r"[0-9０-９]")
JOINED_VALUES = regex.compile(r"(?<=[）)])\s*(?=[0-9０-９])")
LINE_LABEL = regex.compile(r"^(?P<label>目標|実績)(?:値)?\s*[:：]\s*(?P<rest>.+)$", regex.S)
TARGET_LINE = regex.compile(r"^[・･○〇◯]\s*(?P<indicator>[^：:]{4,}?)\s*[:：]\s*(?P<target>.*[0-9０-９].*)$")
GOAL_SECTION = regex.compile(r"数値目標|主要指標|成果指標|アウトプット指標|KPI")
# a short bracketed line opening a list of goals when it is no heading: `【…主要な数値目標】（主要指標）`, `＜アウトプット指標＞`
GOAL_LEAD = regex.compile(r"^[【＜<〈].{0,40}(?:数値目標|主要指標|成果指標|アウトプット指標).{0,20}$")
# seed 002: `○ 治験に至った件数※ 60件／年 （令和７年度～令和11年度累計300件）`
OUTPUT_LINE = regex.compile(r"^[・･○〇◯]\s*(?P<indicator>[^：:]{4,}?)※?\s+(?P<target>[0-9０-９].*)$")
TARGET_ACTUAL = regex.compile(r"^(?P<indicator>.*?)\s*目標\s*[:：]\s*(?P<target>.+?)\s*実績(?:値)?\s*[:：]\s*(?P<actuals>.+)$", regex.S)
