"""numeric_facts: every number in the news, typed and attributed."""
from .stage import stage_asset

numeric_facts = stage_asset(
    "numeric_facts", "sentences",
    "Every count, amount, percentage, date and duration with value, unit, qualifier, subject and source offsets.",
)
