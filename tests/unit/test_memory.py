import platform

import pytest

from etl.flow import batching, memory


def _arrow_pool_backend() -> str:
    import pyarrow

    return pyarrow.default_memory_pool().backend_name


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_release_free_memory_trims_on_glibc():
    assert memory.release_free_memory() is True


def test_workers_allocate_arrow_memory_from_malloc():
    pool = batching.worker_pool(1)
    try:
        assert pool.submit(_arrow_pool_backend).result(timeout=120) == "system"
    finally:
        pool.shutdown()
