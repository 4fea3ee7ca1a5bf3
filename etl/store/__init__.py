"""The warehouse: Pandera contracts, DuckDB DDL, transactional writes, migrations, publishing.

May import ``etl.positions``, ``etl.text`` (light modules only, no OpenCC) and ``etl.data``.
"""
