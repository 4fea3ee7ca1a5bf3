"""Asset groups, one per stage of the pipeline, each with what it holds.

Dagster has no place for a group's description, so the description goes in each asset's
metadata ("group") and in the README. assets/text_tables.py should take its specs' groups
from ``group_of`` too.
"""
INGEST, TEXT, FACTS, PUBLISH = "ingest", "text", "facts", "publish"

DESCRIPTIONS = {
    INGEST: "What came in: every entry of the landing directory (raw_files) and the files that could not go on, "
            "with why (quarantine).",
    TEXT: "Bytes to clean text: each distinct file decoded and normalized (documents, document_text, "
          "mojibake_repairs), split into articles and sentences.",
    FACTS: "Every number in the text with its value, unit, qualifier, subject and source offsets (numeric_facts), "
           "and the facts that broke their contract, dropped one by one with the check (rejected_facts).",
    PUBLISH: "What analysts read: per-day counts (daily_summary) and the published DuckDB file, swapped in atomically "
             "once a run has written everything (published_warehouse).",
}

GROUP_OF = {
    "raw_files": INGEST, "quarantine": INGEST,
    "documents": TEXT, "document_text": TEXT, "mojibake_repairs": TEXT, "articles": TEXT, "sentences": TEXT,
    "numeric_facts": FACTS, "rejected_facts": FACTS,
    "daily_summary": PUBLISH, "published_warehouse": PUBLISH,
}


def group_of(asset: str) -> str:
    return GROUP_OF[asset]


def group_metadata(asset: str) -> dict:
    """The group's description, for the asset's page."""
    group = GROUP_OF[asset]
    return {"group": f"{group}: {DESCRIPTIONS[group]}"}
