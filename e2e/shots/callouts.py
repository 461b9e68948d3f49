"""Numbered marks on a documentation picture: the guide's "as shown in the image (4)".

A step the guide numbers in parts (7.1 to 7.6, 8.1 to 8.5) gets, on its pictures, a thin
box around each part's controls with a badge carrying the part's number, the same number
the rendered text gives it. Like the outline (:mod:`e2e.shots.highlight`) the marks are
boxes drawn over the page, in whole pixels, joining an open ``<dialog>`` where the
controls live in one. A form control is marked together with its labels, so a checkbox's
mark takes in the words beside it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from playwright.sync_api import ElementHandle, Locator, Page

__all__ = [
    "CALLOUT_CLASS",
    "CalloutStyle",
    "Mark",
    "MarkOutOfViewError",
    "bring_into_view",
    "numbered",
]

CALLOUT_CLASS = "keyflow-shot-callout"


@dataclass(frozen=True)
class Mark:
    """Part ``label`` ("7.4") of a step, on the controls ``targets`` (one box around all)."""

    label: str
    targets: tuple[Locator, ...]


@dataclass(frozen=True)
class CalloutStyle:
    colour: str = "#ff3b6b"  # the outline's colour: one visual language for "look here"
    text_colour: str = "#ffffff"
    width_px: int = 2
    padding_px: int = 5
    radius_px: int = 6
    badge_px: int = 28  # readable when the article shows the picture at half size
    font_px: int = 15


class MarkOutOfViewError(ValueError):
    """The marks of one picture do not fit in the window together."""


# Rectangles in viewport coordinates: a control with its labels, and the union of several.
_RECT = """
  const rectOf = (elements) => {
    const rects = elements.flatMap((element) => [element, ...(element.labels ?? [])])
      .map((node) => node.getBoundingClientRect())
      .filter((rect) => rect.width > 0 && rect.height > 0);
    if (!rects.length) return null;
    return {
      left: Math.min(...rects.map((r) => r.left)), top: Math.min(...rects.map((r) => r.top)),
      right: Math.max(...rects.map((r) => r.right)),
      bottom: Math.max(...rects.map((r) => r.bottom)),
    };
  };
  const root = document.documentElement;
  const viewportWidth = Math.min(root.clientWidth || window.innerWidth, window.innerWidth);
  const viewportHeight = Math.min(root.clientHeight || window.innerHeight, window.innerHeight);
"""

# Scroll the window so every group of elements is in view, centred on all of them together
# when any is out of it; answer the index of a group that still is not (or -1).
_BRING_INTO_VIEW = (
    "({ groups, margin }) => {"
    + _RECT
    + """
  // Room for a badge above and below where the page can scroll that far; in view at all
  // is what counts in the end.
  const inView = (rect, room = 0) => rect && rect.top - room >= 0 && rect.left >= 0
    && rect.bottom + room <= viewportHeight && rect.right <= viewportWidth;
  const all = () => groups.map(rectOf);
  if (!all().every((rect) => inView(rect, margin))) {
    const rects = all().filter(Boolean);
    if (!rects.length) return 0;
    groups[0][0].scrollIntoView({ block: "center", inline: "center" });
    const now = all().filter(Boolean);
    const top = Math.min(...now.map((r) => r.top)), bottom = Math.max(...now.map((r) => r.bottom));
    // Centred on all of them where they fit together; else the first stays in view.
    if (bottom - top + 2 * margin <= viewportHeight) {
      window.scrollBy(0, Math.round((top + bottom) / 2 - viewportHeight / 2));
    }
  }
  return all().findIndex((rect) => !inView(rect));
}
"""
)

_DRAW = (
    "({ elements, label, style }) => {"
    + _RECT
    + """
  const target = rectOf(elements);
  const inset = style.padding + style.width;
  const left = Math.max(1, Math.floor(target.left - inset));
  const top = Math.max(1, Math.floor(target.top - inset));
  const right = Math.min(viewportWidth - 1, Math.ceil(target.right + inset));
  const bottom = Math.min(viewportHeight - 1, Math.ceil(target.bottom + inset));
  const layer = elements[0].closest("dialog[open], :popover-open") ?? document.body;
  const place = (node, x, y) => {
    node.style.left = x + "px";
    node.style.top = y + "px";
    layer.appendChild(node);
    const placed = node.getBoundingClientRect();
    // Not rounded: in a transformed container the origin itself may sit between pixels.
    node.style.left = x + (x - placed.left) + "px";
    node.style.top = y + (y - placed.top) + "px";
  };
  const fixed = {
    position: "fixed", boxSizing: "border-box", pointerEvents: "none",
    zIndex: "2147483647", margin: "0", transform: "none",
  };
  const box = document.createElement("div");
  box.className = style.className;
  box.setAttribute("aria-hidden", "true");
  Object.assign(box.style, fixed, {
    left: left + "px", top: top + "px", width: (right - left) + "px",
    height: (bottom - top) + "px", padding: "0", background: "transparent",
    border: style.width + "px solid " + style.colour, borderRadius: style.radius + "px",
  });
  place(box, left, top);
  const badge = document.createElement("div");
  badge.className = style.className;
  badge.setAttribute("aria-hidden", "true");
  badge.textContent = label;
  Object.assign(badge.style, fixed, {
    left: "0px", top: "0px", height: style.badge + "px", minWidth: style.badge + "px",
    padding: "0 8px", borderRadius: style.badge / 2 + "px", background: style.colour,
    color: style.textColour, font: "700 " + style.font + "px/" + style.badge
      + "px 'DejaVu Sans', sans-serif", textAlign: "center", whiteSpace: "nowrap",
    boxShadow: "0 0 0 2px #ffffff", letterSpacing: "0",
  });
  layer.appendChild(badge);
  const size = badge.getBoundingClientRect();
  const width = Math.ceil(size.width), height = Math.ceil(size.height);
  // Beside the box on its left, else above, right of or below it, else on its corner: the
  // first spot inside the window, so no badge hides what it marks. A fixed box in a modal
  // dialog is not clipped by it (its containing block is the window), so a badge may sit
  // on the backdrop.
  const room = { left: 0, top: 0 };
  const gap = 4;
  const spots = [
    [left - width - gap, top],
    [left, top - height - gap],
    [right + gap, top],
    [left, bottom + gap],
    [Math.round(left - width / 2), Math.round(top - height / 2)],
  ];
  const fits = ([x, y]) => x >= room.left + 2 && y >= room.top + 2
    && x + width <= viewportWidth - 2 && y + height <= viewportHeight - 2;
  // Nor over another control: a badge on the Cancel button beside Connect would hide it.
  const controls = "button, a, input, textarea, select, label, [role=button]";
  const clear = ([x, y]) => [[0, 0], [1, 0], [0, 1], [1, 1], [0.5, 0.5]].every(([fx, fy]) => {
    const hit = document.elementFromPoint(x + fx * (width - 1), y + fy * (height - 1));
    return !hit || !hit.closest(controls);
  });
  const [x, y] = spots.find((spot) => fits(spot) && clear(spot))
    ?? spots.find(fits) ?? spots[spots.length - 1];
  place(badge, Math.max(2, x), Math.max(2, y));
}
"""
)

_REMOVE = "(name) => document.querySelectorAll('.' + name).forEach((node) => node.remove())"


def _handles(locators: Sequence[Locator]) -> list[ElementHandle]:
    handles = []
    for locator in locators:
        locator.wait_for(state="visible")
        handles.append(locator.element_handle())
    return handles


def bring_into_view(page: Page, groups: Sequence[Sequence[Locator]], names: Sequence[str]) -> None:
    """Scroll so every group is in the window at once, or say which one cannot be."""
    handles = [_handles(group) for group in groups]
    missing: int = page.evaluate(
        _BRING_INTO_VIEW, {"groups": handles, "margin": CalloutStyle().badge_px}
    )
    if missing >= 0:
        raise MarkOutOfViewError(
            f"{names[missing]} does not fit in the picture with the others: "
            "put it in a picture of its own"
        )


@contextlib.contextmanager
def numbered(
    page: Page, marks: Sequence[Mark], style: CalloutStyle | None = None
) -> Iterator[None]:
    """Draw ``marks`` (already in view: :func:`bring_into_view`) while the block runs."""
    style = style or CalloutStyle()
    try:
        for mark in marks:
            page.evaluate(
                _DRAW,
                {
                    "elements": _handles(mark.targets),
                    "label": mark.label,
                    "style": {
                        "className": CALLOUT_CLASS,
                        "colour": style.colour,
                        "textColour": style.text_colour,
                        "width": style.width_px,
                        "padding": style.padding_px,
                        "radius": style.radius_px,
                        "badge": style.badge_px,
                        "font": style.font_px,
                    },
                },
            )
        yield
    finally:
        page.evaluate(_REMOVE, CALLOUT_CLASS)
