"""The camera that takes the guide's documentation pictures while a scenario walks it.

The step runner hands it the tab, the step and the one element the picture is about; the
camera outlines that element, hides what must not show (private keys, focus rings, the
caret, running animations), screenshots the viewport and keeps the picture until the run
ends. Then :meth:`Camera.develop` names the pictures by step (``step-07a-...`` when a step
has several), writes them and their manifest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, Page

from e2e.guide import step_by_number
from e2e.masks import MASK_COLOUR, MASK_SELECTOR
from e2e.shots.highlight import HighlightStyle, highlighted
from e2e.shots.manifest import Shot, ShotManifest
from e2e.shots.naming import part_letter, shot_filename

__all__ = ["MASK_COLOUR", "MASK_SELECTOR", "Camera"]


# Only the outline the camera draws may mark something. A focused form field wears the
# page's focus style (a ring, a glow, a coloured border), which would read as a second
# highlight; the reader's next move, clicking the outlined control, takes the focus away
# anyway, so the field is blurred for the picture and focused again after it. Any other
# focused element (a menu item: blurring could close its menu) just loses its ring, through
# a constructed stylesheet, because both mocks forbid inline <style> (Content-Security-
# Policy) and the policy does not govern constructed sheets.
_QUIET_STYLE = "*:focus, *:focus-visible { outline: none !important; }"
_QUIET = """
(css) => {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  const focused = document.activeElement;
  const field = focused && focused.matches("input, textarea, select") ? focused : null;
  field?.blur();
  window.__keyflowQuiet = { sheet, field };
}
"""
_UNQUIET = """
() => {
  const { sheet, field } = window.__keyflowQuiet ?? {};
  document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  field?.focus({ preventScroll: true });
  delete window.__keyflowQuiet;
}
"""
_FONTS_READY = "() => document.fonts.ready.then(() => document.fonts.status)"


@dataclass(frozen=True)
class _Picture:
    number: int
    caption: str
    png: bytes


class Camera:
    """Takes documentation pictures for ``steps`` (all when None) into ``out_dir``."""

    def __init__(
        self,
        out_dir: Path,
        *,
        steps: frozenset[int] | None = None,
        style: HighlightStyle | None = None,
    ) -> None:
        self.out_dir = out_dir
        self.steps = steps
        self.style = style or HighlightStyle()
        self._pictures: list[_Picture] = []

    def wants(self, number: int, caption: str) -> bool:
        """Each picture once: a step walked again (the second key) shows nothing new.

        A picture is known by its step and caption, so a later walk may still add one the
        first walk did not take (``++ Add Extra Key`` belongs to the second key's walk).
        """
        if self.steps is not None and number not in self.steps:
            return False
        return all((p.number, p.caption) != (number, caption) for p in self._pictures)

    def take(
        self,
        page: Page,
        *,
        number: int,
        caption: str,
        subject: Locator,
        masks: Sequence[Locator] = (),
        walk: str = "",
    ) -> bool:
        """Outline ``subject`` on ``page`` and keep a picture of the viewport for step ``number``.

        Returns False (and takes nothing) for a step this run does not picture, or a
        picture already taken. ``walk`` (the step record's part) is for the runner's
        bookkeeping; pictures are told apart by their caption.
        """
        del walk
        if not self.wants(number, caption):
            return False
        page.evaluate(_FONTS_READY)
        page.evaluate(_QUIET, _QUIET_STYLE)
        try:
            with highlighted(subject, self.style):
                png = page.screenshot(
                    animations="disabled",
                    caret="hide",
                    mask=[page.locator(MASK_SELECTOR), *masks],
                    mask_color=MASK_COLOUR,
                )
        finally:
            page.evaluate(_UNQUIET)
        self._pictures.append(_Picture(number, caption, png))
        return True

    @property
    def taken(self) -> int:
        return len(self._pictures)

    def develop(self) -> ShotManifest:
        """Write every picture under its final name, and the manifest; return the manifest."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        shots: list[Shot] = []
        numbers = sorted({picture.number for picture in self._pictures})
        for number in numbers:
            of_step = [picture for picture in self._pictures if picture.number == number]
            title = step_by_number(number).title
            for index, picture in enumerate(of_step):
                part = part_letter(index) if len(of_step) > 1 else ""
                name = shot_filename(number, title, part)
                (self.out_dir / name).write_bytes(picture.png)
                shots.append(Shot(number=number, part=part, caption=picture.caption, file=name))
        manifest = ShotManifest(shots=shots)
        manifest.save(self.out_dir)
        return manifest
