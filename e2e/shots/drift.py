"""Where a committed ``docs/guide.md`` has drifted from what the guide's steps render.

The whole text is compared, step by step (a section is everything from its ``## Step N.``
heading to the next), so a changed word anywhere is caught and named with its step; no
browser is needed, the committed pictures' manifest is enough to render the guide.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["Drift", "find_drift", "sections"]

_HEADING = re.compile(r"^## Step (\d+)\. (.*)$", re.MULTILINE)
PREAMBLE = 0  # the title and the note above step 1
_CONTEXT_WORDS = 3


def sections(text: str) -> dict[int, tuple[str, str]]:
    """``{step number: (title, section text)}``; the text above step 1 is number 0."""
    found: dict[int, tuple[str, str]] = {}
    headings = list(_HEADING.finditer(text))
    first = headings[0].start() if headings else len(text)
    found[PREAMBLE] = ("the title", text[:first])
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        found.setdefault(int(heading.group(1)), (heading.group(2), text[heading.start() : end]))
    return found


@dataclass(frozen=True)
class Drift:
    number: int
    title: str
    kind: Literal["missing", "extra", "changed"]
    changes: tuple[str, ...] = ()

    @property
    def where(self) -> str:
        return "the title" if self.number == PREAMBLE else f"step {self.number} ({self.title})"

    def __str__(self) -> str:
        if self.kind == "missing":
            return f"{self.where} is missing"
        if self.kind == "extra":
            return f"{self.where} is not a step of the guide"
        return f"{self.where} differs: " + "; ".join(self.changes)


def _quote(words: list[str]) -> str:
    return repr(" ".join(words)) if words else "nothing"


def _word_changes(expected: str, actual: str) -> tuple[str, ...]:
    """Each changed run of words: what the guide says, what the file says, with context."""
    want, have = expected.split(), actual.split()
    changes: list[str] = []
    matcher = difflib.SequenceMatcher(a=want, b=have, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before = " ".join(want[max(0, a0 - _CONTEXT_WORDS) : a0])
        at = f" after {before!r}" if before else " at the start"
        changes.append(f"the guide says {_quote(want[a0:a1])}, the file {_quote(have[b0:b1])}{at}")
    if not changes:  # the same words, spaced or broken into lines differently
        changes.append("the same words, laid out differently (spaces or line breaks)")
    return tuple(changes)


def find_drift(expected: str, actual: str) -> list[Drift]:
    """Every step whose text in ``actual`` is not what ``expected`` (freshly rendered) says."""
    want, have = sections(expected), sections(actual)
    drifts: list[Drift] = []
    for number, (title, text) in want.items():
        if number not in have:
            drifts.append(Drift(number, title, "missing"))
        elif have[number][1] != text:
            drifts.append(Drift(number, title, "changed", _word_changes(text, have[number][1])))
    drifts += [
        Drift(number, title, "extra") for number, (title, _) in have.items() if number not in want
    ]
    return sorted(drifts, key=lambda drift: drift.number)
