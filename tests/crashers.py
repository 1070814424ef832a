"""Page readers that misbehave, run inside the worker process by tests/test_isolation.py.
Like parsers.page:iter_pages they yield one page at a time."""
import os
import time

from shiryo.parsers.model import Cell, PageWarning
from shiryo.parsers.tables.base import TableStrategy
from shiryo.parsers.page import iter_pages


def crash_on_page_2(path, numbers, password=None):
    for n in numbers:
        if n == 2:
            os.abort()  # what a segfault in native code looks like from outside: the process dies
        yield from iter_pages(path, [n], password)


def hang_on_page_1(path, numbers, password=None):
    for n in numbers:
        if n == 1:
            time.sleep(60)
        yield from iter_pages(path, [n], password)


def crash_once_on_page_2(path, numbers, password=None):
    """Dies on page 2 only inside a chunk: alone, in a fresh worker, the page reads fine."""
    for n in numbers:
        if n == 2 and len(numbers) > 1:
            os.abort()
        yield from iter_pages(path, [n], password)


def blow_memory_on_page_2(path, numbers, password=None):
    for n in numbers:
        if n == 2:
            hog = bytearray(3 << 30)  # 3 GB, past the worker's 2 GB cap (without it: lazily granted)
            del hog
        yield from iter_pages(path, [n], password)


def tag_with_pid(path, numbers, password=None):
    """Well-behaved, but each page says which worker process read it."""
    for page in iter_pages(path, numbers, password):
        page.warnings.append(PageWarning("pid", str(os.getpid())))
        yield page


class WholePageTable(TableStrategy):
    """A table strategy of a user's own, named as `crashers:WholePageTable` in the settings: one
    1 × 1 table of the first line's text, to show such a strategy is found and used."""

    name = "whole_page"

    def find_tables(self, lines, rules, page_size):
        if not lines:
            return []
        first = lines[0]
        return [self.make_table([Cell(0, 0, 1, 1, first.bbox, first.text)], 1, 1)]
