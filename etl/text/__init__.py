"""Decoded text to clean simplified Chinese, cut into articles, paragraphs and sentences.

May import ``etl.positions`` and ``etl.data``. Not ``etl.decoding``: text work does not
care how the bytes were decoded.
"""
