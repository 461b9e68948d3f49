"""What covers a secret in the step screenshots and the documentation pictures alike."""

from __future__ import annotations

__all__ = ["MASK_COLOUR", "MASK_SELECTOR", "PAGE_MASK_SELECTORS"]

# Any element a page marks with this attribute is covered in every picture: pages use it
# for values that differ between runs or must never be published (private keys).
MASK_SELECTOR = "[data-shot-mask]"
MASK_COLOUR = "#c9ced6"  # a quiet grey: a pink box would read as a second highlight

# What a page's own mask stylesheet covers (videos, and the step screenshots Chromium takes
# without Playwright's masks): marked elements, and every password field, which is how
# Altrady's "Private key" fields hold a pasted key.
PAGE_MASK_SELECTORS = (MASK_SELECTOR, 'input[type="password"]')
