"""Tile coordinates: parsing and validation shared by every vector-tile endpoint."""

from dataclasses import dataclass

MAX_ZOOM = 22


class TileOutOfRange(ValueError):
    pass


@dataclass(frozen=True)
class Tile:
    z: int
    x: int
    y: int

    @classmethod
    def checked(cls, z: int, x: int, y: int) -> "Tile":
        if not 0 <= z <= MAX_ZOOM:
            raise TileOutOfRange(f"zoom {z} outside 0..{MAX_ZOOM}")
        side = 1 << z
        if not (0 <= x < side and 0 <= y < side):
            raise TileOutOfRange(f"tile {z}/{x}/{y} outside the grid of zoom {z}")
        return cls(z, x, y)
