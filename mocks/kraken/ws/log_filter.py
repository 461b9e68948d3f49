"""Keep a client's malformed frame out of the server's log as a traceback.

A text frame that is not UTF-8 is the client's fault: uvicorn closes the connection with
1007 and a close frame (what RFC 6455 asks, and what a client of Kraken sees), but logs
it with ``logger.exception`` on ``uvicorn.error``, a traceback that reads like a crash of
the mock. :func:`install` puts a filter on that logger that turns exactly that record into
one warning line; every other record passes untouched.
"""

from __future__ import annotations

import logging

__all__ = ["UVICORN_LOGGER", "ClientFrameFilter", "install"]

UVICORN_LOGGER = "uvicorn.error"
_INVALID_UTF8 = "Invalid UTF-8 sequence received from client."
_WARNING = "A client sent a text frame that is not UTF-8; closed it with 1007."


class ClientFrameFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, UnicodeDecodeError) and record.getMessage() == _INVALID_UTF8:
            record.msg, record.args = _WARNING, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True


def install() -> None:
    """Add the filter to uvicorn's error logger, once however often it is called."""
    logger = logging.getLogger(UVICORN_LOGGER)
    if not any(isinstance(f, ClientFrameFilter) for f in logger.filters):
        logger.addFilter(ClientFrameFilter())
