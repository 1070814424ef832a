"""Page readers that misbehave, run inside the worker process by tests/test_isolation.py."""
import os
import time

from parsers.page import read_pages


def crash_on_page_2(path, numbers, password=None):
    if 2 in numbers:
        os.abort()  # what a segfault in native code looks like from outside: the process dies
    return read_pages(path, numbers, password)


def hang_on_page_1(path, numbers, password=None):
    if 1 in numbers:
        time.sleep(60)
    return read_pages(path, numbers, password)
