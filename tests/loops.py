"""Running a coroutine from a test, whatever ran before it in the same worker.

Playwright's sync API leaves its event loop running on the worker's main thread after a
browser test, and `asyncio.run` refuses to start where a loop is running. A thread of its own
always has none.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def run_alone(coroutine_function: Callable[[], Awaitable[T]]) -> T:
    """`asyncio.run(coroutine_function())` on a thread of its own; its exception is raised here."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_function())).result()
