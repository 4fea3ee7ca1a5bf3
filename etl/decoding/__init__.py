"""Raw bytes to text: sniff the encoding, decode, repair mojibake, map characters to bytes.

May import ``etl.positions`` and ``etl.data``; nothing above.
"""
