from __future__ import annotations

from mocks.kraken.journal import JournalEntry, RequestJournal


def entry(n: int) -> JournalEntry:
    return JournalEntry(
        time=float(n), method="POST", path="/0/private/Balance", endpoint="Balance",
        key_name="k", source_ip="127.0.0.1", nonce=n, outcome="ok", error=None,
    )  # fmt: skip


def test_keeps_the_latest_entries_oldest_first() -> None:
    journal = RequestJournal(capacity=3)
    for n in range(5):
        journal.record(entry(n))
    assert [e.nonce for e in journal.entries()] == [2, 3, 4]
    assert len(journal) == 3
    journal.clear()
    assert journal.entries() == []


def test_json_shape() -> None:
    assert set(entry(1).as_json()) == {"time", "method", "path", "endpoint", "key_name",
                                       "source_ip", "nonce", "outcome", "error"}  # fmt: skip
