"""Publishing the work file: an atomic copy, skipped when neither file changed."""
import duckdb

from etl.store import snapshot


def _write(published, value: int) -> None:
    with snapshot.writer(published) as con:
        con.execute("CREATE TABLE IF NOT EXISTS t (v INTEGER)")
        con.execute("INSERT INTO t VALUES (?)", [value])


def _values(published) -> list[int]:
    con = duckdb.connect(str(published), read_only=True)
    try:
        return [v for (v,) in con.execute("SELECT v FROM t ORDER BY v").fetchall()]
    finally:
        con.close()


def test_publish_copies_only_what_changed(tmp_path):
    published = tmp_path / "wh" / "zhfacts.duckdb"
    _write(published, 1)
    assert snapshot.publish(published).copied
    assert _values(published) == [1]

    again = snapshot.publish(published)  # nothing written since
    assert not again.copied and again.size_bytes == published.stat().st_size

    _write(published, 2)
    assert snapshot.publish(published).copied
    assert _values(published) == [1, 2]


def test_publish_copies_again_when_the_published_file_was_replaced_or_removed(tmp_path):
    published = tmp_path / "zhfacts.duckdb"
    _write(published, 1)
    snapshot.publish(published)
    published.unlink()
    assert snapshot.publish(published).copied and _values(published) == [1]

    published.write_bytes(b"not a warehouse")
    assert snapshot.publish(published).copied and _values(published) == [1]


def test_a_torn_stamp_means_copy(tmp_path):
    published = tmp_path / "zhfacts.duckdb"
    _write(published, 1)
    snapshot.publish(published)
    published.with_name(published.name + ".stamp").write_text("{not json")
    assert snapshot.publish(published).copied
