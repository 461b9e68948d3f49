"""What covers a secret in the step screenshots and the documentation pictures alike."""

from __future__ import annotations

__all__ = ["MASK_COLOUR", "MASK_SELECTOR"]

# Any element a page marks with this attribute is covered in every picture: pages use it
# for values that differ between runs or must never be published (private keys).
MASK_SELECTOR = "[data-shot-mask]"
MASK_COLOUR = "#c9ced6"  # a quiet grey: a pink box would read as a second highlight
