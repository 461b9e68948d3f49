"""The guide as one self-contained HTML page, laid out as help-center articles are.

Each step is a row: its words on the left (the numbered parts 7.1 to 7.6 and 8.1 to 8.5
as a numbered list), its pictures on the right with their captions and the marks they
carry, so a reader matches "7.4" in the text to the badge "7.4" in the picture. Pictures
are embedded as ``data:`` URLs and the styles are inline: the file can be pasted into a
help center, mailed or opened from disk with nothing beside it. Rendered from the steps
and the committed pictures only, so the same pictures give the same bytes.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from e2e.guide import GuideStep
from e2e.shots.manifest import ShotManifest
from e2e.shots.render import caption_line, where_text

__all__ = ["ARTICLE_FILE", "inline_markup", "render_article"]

ARTICLE_FILE = "guide.html"
TEMPLATES = Path(__file__).parent / "templates"
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def inline_markup(text: str) -> Markup:
    """The guide's ``**label**`` emphasis as <strong>, everything else escaped."""
    return Markup(_BOLD.sub(r"<strong>\1</strong>", str(escape(text))))  # noqa: S704


def _data_url(png: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode("ascii")


def _step_view(step: GuideStep, manifest: ShotManifest, pictures_dir: Path) -> dict[str, object]:
    return {
        "number": step.number,
        "title": step.title,
        "where": where_text(step),
        "action": step.action,
        "parts": [
            {"label": step.part_label(index), "text": text}
            for index, text in enumerate(step.parts, start=1)
        ],
        "closing": step.closing,
        "confirms": step.confirms,
        "pictures": [
            {
                "label": shot.label,
                "alt": f"Step {shot.label}: {shot.caption}",
                "caption": caption_line(shot),
                "src": _data_url(pictures_dir / shot.file),
            }
            for shot in manifest.for_step(step.number)
        ],
    }


def render_article(
    title: str, steps: Sequence[GuideStep], manifest: ShotManifest, pictures_dir: Path
) -> str:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["inline"] = inline_markup
    template = environment.get_template("article.html.j2")
    views = [_step_view(step, manifest, pictures_dir) for step in steps]
    return template.render(title=title, steps=views)
