"""Show the Pandera contracts in the Dagster UI: column schemas on assets, with DuckDB's types."""

import dagster as dg

from etl.store import catalog, schemas


def column_schema(table: str) -> dg.TableSchema:
    """The table's columns with their DuckDB types, and descriptions and constraints from its Pandera model."""
    types = dict(catalog.duckdb_columns()[table])
    columns = []
    for name, column in schemas.MODELS[table].to_schema().columns.items():
        columns.append(
            dg.TableColumn(
                name=name,
                type=types[name],
                description=column.description,
                constraints=dg.TableColumnConstraints(nullable=bool(column.nullable), unique=bool(column.unique)),
            )
        )
    return dg.TableSchema(columns=columns)


def table_metadata(table: str) -> dict:
    return {"dagster/column_schema": column_schema(table), "dagster/table_name": f"zhfacts.main.{table}"}
