from __future__ import annotations

import pytest

from mocks.kraken.web.session import DEFAULT_LANDING, safe_next


@pytest.mark.parametrize(
    "target",
    ["/overview", "/settings/security/api", "/settings/security/api?tab=1", "/trade#top"],
)
def test_safe_next_keeps_local_paths(target: str) -> None:
    assert safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "overview",
        "https://evil.example/",
        "//evil.example/path",
        "/\\evil.example",
        "/\\/evil.example",
        "javascript:alert(1)",
        "/login?next=/overview",
        "/over\nview",
        42,
    ],
)
def test_safe_next_refuses_anything_that_leaves_the_site(target: object) -> None:
    assert safe_next(target) == DEFAULT_LANDING
