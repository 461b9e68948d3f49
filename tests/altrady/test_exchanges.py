from __future__ import annotations

from mocks.altrady.exchanges import EXCHANGES, exchange_by_id


def test_the_list_is_alphabetical_with_kraken_the_only_one_supported() -> None:
    names = [exchange.name for exchange in EXCHANGES]
    assert names == sorted(names, key=str.lower)
    assert [exchange.id for exchange in EXCHANGES if exchange.supported] == ["kraken"]


def test_lookup_by_id_ignores_case_and_spaces() -> None:
    kraken = exchange_by_id(" Kraken ")
    assert kraken is not None
    assert kraken.name == "Kraken"
    assert exchange_by_id("mtgox") is None
