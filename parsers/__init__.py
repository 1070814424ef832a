"""Turn PDF pages into page models: text lines, rules, tables and blocks (see parsers/model.py)."""
