"""Numeric facts from one normalized sentence: numerals, units, dates, subjects.

A scan finds candidate spans, a parse reads each one; lexicons are data in ``etl/data``.
May import ``etl.data`` only: it works on a string and knows nothing of files or tables.
"""
