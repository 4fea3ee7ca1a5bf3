"""Position maps: store and compose the offsets that tie text back to raw bytes.

A position map is an int64 array with one entry per character of a text plus one:
entry ``i`` is where character ``i`` came from. Maps compose by indexing.
"""
from __future__ import annotations

import zlib

import numpy as np


def compose(outer: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """Map positions through ``inner`` then ``outer``.

    >>> compose(np.array([0, 3, 6, 9]), np.array([0, 2, 3])).tolist()
    [0, 6, 9]
    """
    return outer[inner]


def pack(offsets: np.ndarray) -> bytes:
    """Compress a monotonic map: deltas are small and repetitive (3 bytes per Han char in UTF-8).

    >>> unpack(pack(np.array([0, 3, 6, 7]))).tolist()
    [0, 3, 6, 7]
    """
    deltas = np.diff(np.asarray(offsets, dtype=np.int64), prepend=0)
    return zlib.compress(deltas.astype("<i4").tobytes(), 1)


def unpack(blob: bytes) -> np.ndarray:
    """Inverse of :func:`pack`."""
    deltas = np.frombuffer(zlib.decompress(blob), dtype="<i4").astype(np.int64)
    return np.cumsum(deltas)
