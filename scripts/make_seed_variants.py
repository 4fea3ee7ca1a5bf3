"""Write encoding variants and bad files next to the two seed originals.

The originals (``000_...`` simplified, ``003_...`` traditional with pinyin notes and
GBK frame-shift mojibake) are never modified. Variants:

- ``variant_000_gb18030.txt``, ``variant_000_utf16.txt`` (UTF-16-LE with BOM):
  the simplified text, every character representable.
- ``variant_003_big5hkscs.txt``, ``variant_003_utf8_bom.txt``: the traditional
  text byte for byte as decoded, mojibake included. Every character, the pinyin
  letters (ǎ, ō, ...) and the mojibake characters (倏, 臻, ...) alike, exists in
  Big5-HKSCS, so nothing is repaired or dropped: decoding a variant must find the
  same four mojibake spans as the original. (Plain CP950 lacks the pinyin letters;
  the test fixtures cover CP950 with a short text.) The script checks both facts.
- ``bad_empty.txt`` (0 bytes) and ``bad_binary.bin`` (a PNG header and pixel bytes).

Run: ``.venv/bin/python scripts/make_seed_variants.py`` (kept out of seeds/, which is the default landing directory)
"""

from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SIMPLIFIED = SEEDS / "000_628889c2a6d9b173.txt"
TRADITIONAL = SEEDS / "003_d09a9a5e3ae4f874.txt"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


def variants() -> dict[str, bytes]:
    """File name → bytes for every variant and bad file."""
    simplified = SIMPLIFIED.read_text(encoding="utf-8")
    traditional = TRADITIONAL.read_text(encoding="utf-8")
    return {
        "variant_000_gb18030.txt": simplified.encode("gb18030"),
        "variant_000_utf16.txt": simplified.encode("utf-16"),
        "variant_003_big5hkscs.txt": traditional.encode("big5hkscs"),
        "variant_003_utf8_bom.txt": traditional.encode("utf-8-sig"),
        "bad_empty.txt": b"",
        "bad_binary.bin": PNG_HEADER + bytes(range(256)),
    }


def main() -> None:
    traditional = TRADITIONAL.read_text(encoding="utf-8")
    for name, data in variants().items():
        (SEEDS / name).write_bytes(data)
        print(f"wrote {name} ({len(data)} bytes)")
    big5 = (SEEDS / "variant_003_big5hkscs.txt").read_bytes()
    assert big5.decode("big5hkscs") == traditional, "Big5-HKSCS variant does not round-trip"


if __name__ == "__main__":
    main()
