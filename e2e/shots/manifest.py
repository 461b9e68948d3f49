"""``shots.json``: which pictures a run took, for which step, showing what.

The camera writes it next to the pictures; the command merges it with the pictures already
in ``docs/`` (``--steps`` retakes only some) and renders the guide from it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = ["MANIFEST_FILE", "ManifestError", "Shot", "ShotManifest"]

MANIFEST_FILE = "shots.json"


class Shot(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    number: int = Field(ge=1)
    part: str = Field("", pattern=r"^[a-z]?$")  # "" when the step has one picture
    caption: str  # what the picture shows, in a documentation writer's words
    file: str  # name inside the pictures folder
    # The numbered parts of the step this picture marks ("7.1", "7.2"), in mark order;
    # empty for a picture that outlines one subject.
    marks: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.number}{self.part}"


class ShotManifest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    shots: list[Shot] = Field(default_factory=list)

    def for_step(self, number: int) -> list[Shot]:
        return [shot for shot in self.shots if shot.number == number]

    def replacing_steps(self, newer: ShotManifest, numbers: frozenset[int]) -> ShotManifest:
        """This manifest with the pictures of ``numbers`` taken from ``newer`` instead."""
        kept = [shot for shot in self.shots if shot.number not in numbers]
        fresh = [shot for shot in newer.shots if shot.number in numbers]
        return ShotManifest(shots=sorted([*kept, *fresh], key=lambda s: (s.number, s.part)))

    @classmethod
    def load(cls, folder: Path) -> ShotManifest:
        path = folder / MANIFEST_FILE
        if not path.is_file():
            return cls()
        try:
            return cls.model_validate_json(path.read_text(encoding="utf-8"))
        except ValidationError as exc:
            raise ManifestError(f"{path}: not a valid pictures manifest: {exc}") from None

    def save(self, folder: Path) -> Path:
        path = folder / MANIFEST_FILE
        path.write_text(self.model_dump_json(indent=2) + "\n", encoding="utf-8")
        return path


class ManifestError(ValueError):
    """A ``shots.json`` that cannot be read, in one readable line."""
