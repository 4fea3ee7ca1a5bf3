"""Show the Pandera contracts in the Dagster UI: column schemas on assets."""

import dagster as dg

from etl.store import schemas


def column_schema(table: str) -> dg.TableSchema:
    """The table's columns, types and descriptions, from its Pandera model."""
    columns = []
    for name, column in schemas.MODELS[table].to_schema().columns.items():
        columns.append(
            dg.TableColumn(
                name=name,
                type="str" if column.dtype.type == schemas.TEXT_DTYPE else str(column.dtype),
                description=column.description,
                constraints=dg.TableColumnConstraints(nullable=bool(column.nullable), unique=bool(column.unique)),
            )
        )
    return dg.TableSchema(columns=columns)


def table_metadata(table: str) -> dict:
    return {"dagster/column_schema": column_schema(table), "dagster/table_name": f"zhfacts.main.{table}"}
