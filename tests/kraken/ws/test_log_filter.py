"""The filter that keeps a client's non-UTF-8 frame out of the log as a traceback."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import pytest

from mocks.kraken.ws.log_filter import UVICORN_LOGGER, ClientFrameFilter, install


def _record(message: str, exc: BaseException | None) -> logging.LogRecord:
    exc_info = (type(exc), exc, None) if exc is not None else None
    return logging.LogRecord(UVICORN_LOGGER, logging.ERROR, __file__, 1, message, None, exc_info)


def test_the_invalid_utf8_record_becomes_one_warning_line() -> None:
    try:
        b"\xff".decode()
    except UnicodeDecodeError:
        record = _record("Invalid UTF-8 sequence received from client.", sys.exc_info()[1])
    assert ClientFrameFilter().filter(record) is True
    assert (record.levelno, record.exc_info) == (logging.WARNING, None)
    assert "not UTF-8" in record.getMessage()


def test_every_other_record_passes_untouched() -> None:
    crash = _record("Exception in ASGI application", RuntimeError("boom"))
    same_text_other_error = _record("Invalid UTF-8 sequence received from client.", None)
    for record in (crash, same_text_other_error):
        assert ClientFrameFilter().filter(record) is True
        assert record.levelno == logging.ERROR
    assert crash.exc_info is not None


@pytest.fixture
def uvicorn_filters() -> Iterator[None]:
    # Put the logger back as it was: a filter left installed here would hide a missing
    # install in create_ws_apps from the log tests that run later in this process.
    logger = logging.getLogger(UVICORN_LOGGER)
    before = list(logger.filters)
    try:
        yield
    finally:
        logger.filters[:] = before


@pytest.mark.usefixtures("uvicorn_filters")
def test_installing_twice_adds_one_filter() -> None:
    install()
    install()
    filters = logging.getLogger(UVICORN_LOGGER).filters
    assert len([f for f in filters if isinstance(f, ClientFrameFilter)]) == 1
