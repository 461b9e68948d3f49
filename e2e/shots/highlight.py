"""Outline the one element a documentation picture is about, as help-center pictures do.

The outline is a separate box drawn over the page, not a style on the element itself: an
element's own outline is clipped by any ancestor with ``overflow: hidden`` and follows the
element's corners, while the box stays a clear rounded rectangle with a little air around
the control. Inside an open ``<dialog>`` or popover the box joins that element, because the
browser paints the top layer above everything in the document, whatever its z-index.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from playwright.sync_api import Locator

__all__ = ["HIGHLIGHT_ID", "HighlightStyle", "highlighted"]

HIGHLIGHT_ID = "keyflow-shot-highlight"


@dataclass(frozen=True)
class HighlightStyle:
    colour: str = "#ff3b6b"
    width_px: int = 3
    padding_px: int = 6
    radius_px: int = 8


# Runs in the page with the subject element. Placed with ``position: fixed`` in viewport
# coordinates, then nudged by however far a transformed container moved it, so the box
# lands on the element in any container.
_DRAW = """
(element, style) => {
  document.getElementById(style.id)?.remove();
  const inset = style.padding + style.width;
  // The window without its scrollbars (in quirks mode the root element is the page).
  const root = document.documentElement;
  const viewportWidth = Math.min(root.clientWidth || window.innerWidth, window.innerWidth);
  const viewportHeight = Math.min(root.clientHeight || window.innerHeight, window.innerHeight);
  const around = element.getBoundingClientRect();
  const outOfView = around.top - inset < 0 || around.bottom + inset > viewportHeight
    || around.left < 0 || around.right > viewportWidth;
  if (outOfView) {
    // Room for the whole outline: a box cut by the window's edge looks like a mistake.
    element.scrollIntoView({ block: "center", inline: "center" });
  }
  const target = element.getBoundingClientRect();
  // Whole pixels: a box on fractional coordinates is anti-aliased a little differently
  // from run to run, and its corners would never compare byte for byte.
  const left = Math.max(1, Math.floor(target.left - inset));
  const top = Math.max(1, Math.floor(target.top - inset));
  const right = Math.min(viewportWidth - 1, Math.ceil(target.right + inset));
  const bottom = Math.min(viewportHeight - 1, Math.ceil(target.bottom + inset));
  const box = document.createElement("div");
  box.id = style.id;
  box.setAttribute("aria-hidden", "true");
  Object.assign(box.style, {
    position: "fixed", left: left + "px", top: top + "px",
    width: (right - left) + "px", height: (bottom - top) + "px",
    border: style.width + "px solid " + style.colour, borderRadius: style.radius + "px",
    boxSizing: "border-box", pointerEvents: "none", zIndex: "2147483647",
    margin: "0", padding: "0", background: "transparent", transform: "none",
  });
  const layer = element.closest("dialog[open], :popover-open") ?? document.body;
  layer.appendChild(box);
  const placed = box.getBoundingClientRect();
  // Not rounded: in a transformed container the origin itself may sit between pixels.
  box.style.left = left + (left - placed.left) + "px";
  box.style.top = top + (top - placed.top) + "px";
}
"""

_REMOVE = "(id) => document.getElementById(id)?.remove()"


@contextlib.contextmanager
def highlighted(subject: Locator, style: HighlightStyle | None = None) -> Iterator[None]:
    """Outline ``subject`` (scrolled into view) while the block runs; remove it afterwards."""
    style = style or HighlightStyle()
    # Visible is enough: the drawing script scrolls it to the middle if it must.
    subject.wait_for(state="visible")
    subject.evaluate(
        _DRAW,
        {
            "id": HIGHLIGHT_ID,
            "colour": style.colour,
            "width": style.width_px,
            "padding": style.padding_px,
            "radius": style.radius_px,
        },
    )
    try:
        yield
    finally:
        subject.page.evaluate(_REMOVE, HIGHLIGHT_ID)
