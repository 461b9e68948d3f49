"""One JSON parser for every mock endpoint (``mocks/json_input.py``)."""

from __future__ import annotations

import sys

import pytest

from mocks.json_input import NotJSONError, parse_json


def test_json_is_parsed_from_text_or_bytes() -> None:
    assert parse_json('{"a": [1, 2.5, "x"]}') == {"a": [1, 2.5, "x"]}
    assert parse_json(b"[true, null]") == [True, None]


@pytest.mark.parametrize(
    "text",
    ["", "{", "{'a': 1}", "\xff", b"\xff\xfe", "[" * (sys.getrecursionlimit() * 2)],
    ids=["empty", "unclosed", "single-quotes", "odd-character", "not-utf-8", "too-deep"],
)
def test_anything_else_is_one_error_that_is_a_value_error(text: str | bytes) -> None:
    with pytest.raises(NotJSONError) as caught:
        parse_json(text)
    assert isinstance(caught.value, ValueError)  # what callers that catch ValueError expect
