"""Position maps: which source offset each character of a derived text came from.

Lowest layer of etl: imports nothing from it but ``etl.data``. Decoding builds a map
from characters to raw bytes; every later edit (normalize) composes its own map onto it,
so a fact's byte span is exact in the original file.
"""
