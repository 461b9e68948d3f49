"""JSON from a client, parsed once the same way everywhere: a clear error, never a 500.

``json.loads`` raises ``ValueError`` for text that is not JSON, but ``RecursionError`` for a
document nested past Python's recursion limit (a few thousand ``[``), which every handler
that caught only the first answered with a 500 and a traceback.
"""

from __future__ import annotations

import json

__all__ = ["NotJSONError", "parse_json"]


class NotJSONError(ValueError):
    """The text is not JSON, or nests too deeply to parse."""


def parse_json(text: str | bytes) -> object:
    try:
        return json.loads(text)
    except RecursionError:
        raise NotJSONError("the document nests too deeply") from None
    except ValueError as exc:
        raise NotJSONError(str(exc)) from None
