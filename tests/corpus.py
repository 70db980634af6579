"""A corpus of malformed workbooks made from valid ones: truncations, byte flips, XML edits and
type swaps in every column. Deterministic (seeded), written into a folder given by the caller."""

from __future__ import annotations

import datetime as dt
import random
import re
import zipfile
from pathlib import Path

from tec_desktop.workbook import schema

from builder import rows_copy, write_workbook
from zipedit import rewrite

SWAP_VALUES = [
    "not a date",
    -5,
    0,
    1e308,
    True,
    dt.datetime(2062, 1, 1),
    "=SUM(A1:A2)",
    "+cmd|' /C calc'!A0",
    "@x",
    "<script>&amp;",
    "\u202eevil",
    "x" * 5000,
    "2026-02-30",
    "",
    "   ",
    46000.5,
    "Maybe",
]


def _type_swaps(out: Path, rnd: random.Random) -> list[Path]:
    paths = []
    for sheet in schema.SHEETS:
        base = rows_copy()
        if not base.get(sheet.name):
            base[sheet.name] = [{c.header: c.example or "x" for c in sheet.columns}]
        for col in sheet.columns:
            rows = rows_copy() if base is None else {k: [dict(r) for r in v] for k, v in base.items()}
            value = rnd.choice(SWAP_VALUES)
            rows[sheet.name][0][col.header] = value
            name = re.sub(r"\W+", "_", f"swap_{sheet.name}_{col.key}")
            paths.append(write_workbook(out / f"{name}.xlsx", rows))
    return paths


def _xml_edits(src: Path, out: Path, rnd: random.Random, count: int) -> list[Path]:
    edits = [
        lambda d: d.replace(b"</row>", b"", 1),
        lambda d: d.replace(b"<v>", b"<v>x", 1),
        lambda d: re.sub(rb'r="([A-Z]+)(\d+)"', lambda m: b'r="' + m.group(1) + b'99"', d, count=1),
        lambda d: d.replace(b't="s"', b't="n"', 1),
        lambda d: re.sub(rb"<v>\d+</v>", b"<v>999999</v>", d, count=1),
        lambda d: d.replace(b"<sheetData>", b'<sheetData><row r="0"><c r="A0"><v>1</v></c></row>'),
        lambda d: d[: len(d) // 2],
        lambda d: d.replace(b"<c ", b'<c r="AAA1" ', 1),
        lambda d: d.replace(b'r="', b"r='", 3),
        lambda d: d.replace(b"<row ", b"<row><c>", 1),
        lambda d: d.replace(b"&", b"&amp;&#0;", 1),
        lambda d: b"\xef\xbb\xbf" + d,
        lambda d: d.replace(b"<is><t>", b"<is><t>\x00", 1),
        lambda d: d.replace(b'<c r="', b'<c t="d" r="', 1),
    ]
    with zipfile.ZipFile(src) as z:
        parts = [n for n in z.namelist() if n.endswith(".xml")]
    paths = []
    for i in range(count):
        part = rnd.choice(parts)
        edit = rnd.choice(edits)
        paths.append(rewrite(src, out / f"xml_{i:03d}.xlsx", {part: edit}))
    return paths


def build(out: Path, seed: int = 20261127) -> list[Path]:
    """Write the corpus into `out`; return the files (at least 200)."""
    out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(seed)
    good = write_workbook(out / "_valid.xlsx")
    data = good.read_bytes()
    paths = [good]
    for i, cut in enumerate(sorted(rnd.sample(range(1, len(data)), 20))):
        p = out / f"truncated_{i:02d}.xlsx"
        p.write_bytes(data[:cut])
        paths.append(p)
    for i in range(60):
        raw = bytearray(data)
        for _ in range(rnd.randint(1, 8)):
            raw[rnd.randrange(len(raw))] = rnd.randrange(256)
        p = out / f"flipped_{i:02d}.xlsx"
        p.write_bytes(bytes(raw))
        paths.append(p)
    paths += _xml_edits(good, out, rnd, 60)
    paths += _type_swaps(out, rnd)
    return paths
