"""A progress line on stderr for long builds: articles done of total, words per second, time left.

Shown only when stderr is a terminal and the run is not ``--quiet``; otherwise every call is a
no-op, so pipes, logs and CI output stay clean. No dependency: one line redrawn in place with a
carriage return, at most every ``interval`` seconds. Log records written to the same stream while
the line is shown first clear it, so messages never run into the bar.
"""

from __future__ import annotations

import logging
import shutil
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

_CLEAR = "\r\x1b[K"


class Progress:
    """``with Progress.for_stderr(quiet) as progress: progress.start(total); progress.advance(1, words)``."""

    def __init__(self, stream: TextIO | None = None, enabled: bool = True, interval: float = 0.2,
                 clock: Callable[[], float] = time.monotonic, label: str = "articles") -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.interval = interval
        self.clock = clock
        self.label = label
        self.total: int | None = None
        self.done = 0
        self.words = 0
        self._base: tuple[float, int, int] | None = None  # (time, done, words) at the first article
        self._drawn_at: float | None = None
        self._shown = False
        self._filter: _ClearLine | None = None

    @classmethod
    def for_stderr(cls, quiet: bool = False) -> Progress:
        """A bar on stderr when it is a terminal and not ``quiet``; a silent one otherwise."""
        stream = sys.stderr
        try:
            tty = stream is not None and stream.isatty()
        except (AttributeError, ValueError):  # replaced or closed stream
            tty = False
        return cls(stream, enabled=bool(tty) and not quiet)

    def start(self, total: int | None) -> None:
        """Begin counting towards ``total`` articles (None when unknown)."""
        self.total = total
        self.done = self.words = 0
        self._base = None
        if self.enabled and self._filter is None:
            self._filter = _ClearLine(self)
            for handler in _stream_handlers(self.stream):
                handler.addFilter(self._filter)
        self._draw(force=True)

    def advance(self, articles: int = 1, words: int = 0) -> None:
        """``articles`` more done (built or skipped), holding ``words`` words."""
        self.done += articles
        self.words += words
        if self._base is None:  # rates start from the first article done, not counting the model loading
            self._base = (self.clock(), self.done, self.words)
        self._draw(force=self.total is not None and self.done >= self.total)

    def close(self) -> None:
        """Take the line away (the summary is logged after it); safe to call twice."""
        if self._filter is not None:
            for handler in _stream_handlers(self.stream):
                handler.removeFilter(self._filter)
            self._filter = None
        self.clear()

    def clear(self) -> None:
        if self._shown:
            self._write(_CLEAR)
            self._shown = False
            self._drawn_at = None

    def line(self) -> str:
        """The text of the progress line, fitted to ``width`` columns."""
        parts = [f"{self.done:,}/{self.total:,} {self.label}" if self.total else f"{self.done:,} {self.label}"]
        if self._base is not None and self.done > self._base[1]:
            since, done, words = self._base
            elapsed = max(self.clock() - since, 1e-9)
            rate = (self.done - done) / elapsed
            if self.words > words:
                parts.append(f"{(self.words - words) / elapsed:,.0f} words/s")
            else:
                parts.append(f"{rate:,.1f} {self.label}/s")
            if self.total and self.done < self.total:
                left = (self.total - self.done) / rate
                parts.append(f"{int(left // 60)}:{int(left % 60):02d} left")
        text = "  ".join(parts)
        width = shutil.get_terminal_size((80, 24)).columns - 1
        if self.total:
            bar_width = min(30, width - len(text) - 8)
            if bar_width >= 10:
                filled = int(bar_width * min(self.done, self.total) / self.total)
                text = f"[{'#' * filled}{'.' * (bar_width - filled)}] {text}"
        return ("kg: " + text)[:width]

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if not force and self._drawn_at is not None and now - self._drawn_at < self.interval:
            return
        self._drawn_at = now
        self._write(_CLEAR + self.line())
        self._shown = True

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # the terminal went away: stop drawing, never fail the build
            self.enabled = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class _ClearLine(logging.Filter):
    """Clears the progress line before a log record is written to the same stream; redraws after."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    def filter(self, record: logging.LogRecord) -> bool:
        self.progress.clear()  # the next advance() redraws the line below the message
        return True


def _stream_handlers(stream: TextIO) -> list[logging.Handler]:
    found: list[logging.Handler] = []
    for logger in (logging.getLogger(), logging.getLogger("kg")):
        for handler in logger.handlers:
            if isinstance(handler, logging.StreamHandler) and getattr(handler, "stream", None) is stream:
                found.append(handler)
    return found


def word_count(text: str) -> int:
    """Words as the progress line counts them (whitespace-separated)."""
    return len(text.split())
