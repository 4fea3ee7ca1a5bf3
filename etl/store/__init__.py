"""The warehouse: Pandera contracts, DuckDB DDL, transactional writes, migrations, publishing.

May import ``etl.positions``, ``etl.text`` (light modules only, no OpenCC) and ``etl.data``.
"""

import warnings

# duckdb 1.5.5 reads Arrow-backed pandas strings through an attribute pandas 2.3 deprecates:
# one warning per registered frame, nothing to act on (gone when writes hand DuckDB Arrow tables).
warnings.filterwarnings("ignore", message="ArrowStringArray._data is a deprecated", category=FutureWarning)
