"""Page readers that misbehave, run inside the worker process by tests/test_isolation.py.
Like parsers.page:iter_pages they yield one page at a time."""
import os
import time

from parsers.page import iter_pages


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
            hog = [bytearray(64 << 20) for _ in range(1024)]  # 64 GB: far past the worker's cap
            del hog
        yield from iter_pages(path, [n], password)
