"""Position maps: store and compose the offsets that tie text back to raw bytes.

A position map is an int32 array with one entry per character of a text plus one:
entry ``i`` is where character ``i`` came from. Maps compose by indexing. int32, not
int64: a 5 MB file's maps are ~11 MB each instead of ~22, and a worker holds several at
once; files are capped far below 2**31 bytes (``DecodeOptions.max_bytes``).
"""
from __future__ import annotations

import zlib

import numpy as np

POSITION = np.int32  # dtype of every position map
MAX_POSITION = np.iinfo(POSITION).max


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
    deltas = np.diff(offsets, prepend=0).astype("<i4", copy=False)  # prepend=0 makes int64
    return zlib.compress(deltas.tobytes(), 1)


def unpack(blob: bytes) -> np.ndarray:
    """Inverse of :func:`pack`."""
    deltas = np.frombuffer(zlib.decompress(blob), dtype="<i4")
    return np.cumsum(deltas, dtype=POSITION)
