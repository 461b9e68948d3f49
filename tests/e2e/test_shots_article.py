"""The HTML article: self-contained, each step's words beside its pictures, marks matching."""

from __future__ import annotations

import html.parser
from pathlib import Path

import pytest
from PIL import Image

from e2e.guide import GUIDE_STEPS, GUIDE_TITLE, GuideStep
from e2e.shots.article import inline_markup, render_article
from e2e.shots.manifest import Shot, ShotManifest

STEPS = (
    GuideStep(3, "Copy the whitelist", "Altrady", "Click **copy**.", "The clipboard holds it."),
    GuideStep(
        7,
        "Generate the key",
        "Kraken",
        "Fill in the form.",
        "A key exists.",
        parts=("**Name** it.", "Tick <the> permissions."),
        closing="Click **Generate Key**.",
    ),
)


class Parsed(html.parser.HTMLParser):
    """Every tag with its attributes, and the text, of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture
def pictures(tmp_path: Path) -> Path:
    for name, colour in (("a.png", "red"), ("b.png", "blue"), ("c.png", "green")):
        Image.new("RGB", (40, 25), colour).save(tmp_path / name)
    return tmp_path


MANIFEST = ShotManifest(
    shots=[
        Shot(number=3, caption="The copy icon", file="a.png"),
        Shot(number=7, part="a", caption="The name", file="b.png", marks=("7.1",)),
        Shot(number=7, part="b", caption="Permissions", file="c.png", marks=("7.1", "7.2")),
    ]
)


def test_the_page_needs_nothing_beside_it(pictures: Path) -> None:
    page = Parsed()
    page.feed(render_article("Title", STEPS, MANIFEST, pictures))
    sources = [attrs.get("src") or "" for tag, attrs in page.tags if tag == "img"]
    assert len(sources) == 3
    assert all(source.startswith("data:image/png;base64,") for source in sources)
    links = [attrs.get("href") or "" for tag, attrs in page.tags if tag in ("a", "link")]
    assert all(link.startswith("#") for link in links), links
    assert not [tag for tag, _ in page.tags if tag == "script"]


def test_each_step_has_its_words_beside_its_pictures_in_order(pictures: Path) -> None:
    text = render_article("Title", STEPS, MANIFEST, pictures)
    three, seven = text.index('id="step-3"'), text.index('id="step-7"')
    assert three < seven
    step7 = text[seven:]
    assert step7.index('class="words"') < step7.index('class="pictures"')
    assert step7.index('id="picture-7a"') < step7.index('id="picture-7b"')
    assert "Picture 7b: Permissions (marks 7.1 and 7.2)" in step7
    assert 'alt="Step 7a: The name"' in step7


def test_numbered_parts_carry_the_badges_the_pictures_show(pictures: Path) -> None:
    text = render_article("Title", STEPS, MANIFEST, pictures)
    assert '<li id="part-7.1"><span class="badge">7.1</span><span><strong>Name</strong> it.' in text
    assert "Tick &lt;the&gt; permissions." in text  # the guide's words are escaped
    assert "<p>Click <strong>Generate Key</strong>.</p>" in text
    assert "<p>Fill in the form.</p>" not in text  # the parts say it
    assert "<p>Click <strong>copy</strong>.</p>" in text


def test_the_same_pictures_give_the_same_page(pictures: Path) -> None:
    first = render_article(GUIDE_TITLE, GUIDE_STEPS, MANIFEST, pictures)
    assert render_article(GUIDE_TITLE, GUIDE_STEPS, MANIFEST, pictures) == first
    (pictures / "b.png").write_bytes((pictures / "c.png").read_bytes())
    assert render_article(GUIDE_TITLE, GUIDE_STEPS, MANIFEST, pictures) != first


def test_emphasis_only() -> None:
    assert str(inline_markup("a **b** <i>c</i>")) == "a <strong>b</strong> &lt;i&gt;c&lt;/i&gt;"
