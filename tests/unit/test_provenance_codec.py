import numpy as np
from hypothesis import given, strategies as st

from etl.positions import provenance


@given(st.lists(st.integers(min_value=0, max_value=4), max_size=500))
def test_pack_round_trips_monotonic_maps(steps):
    offsets = np.cumsum([0, *steps]).astype(np.int64)
    assert provenance.unpack(provenance.pack(offsets)).tolist() == offsets.tolist()


def test_compose_maps_through_both():
    decoded_to_raw = np.array([0, 3, 6, 7, 10])
    normalized_to_decoded = np.array([0, 1, 3, 4])
    assert provenance.compose(decoded_to_raw, normalized_to_decoded).tolist() == [0, 3, 7, 10]
