"""The comments part of one sheet of the annotated copy (their note shapes are in vml_drawing).

A sheet that has comments already keeps every one of them byte for byte; a cell we comment on that
has one of the user's keeps it, our text in a run after it (marked, so that annotating the copy again
replaces our text and keeps the user's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tec_desktop.workbook.ooxml import MAIN, XML_HEAD, attrs, prefix_of, text, unescape

AUTHOR = "TEC Desktop"
MARK = f"\n\n— {AUTHOR} —\n"  # opens our run in a comment of the user's


@dataclass
class Notes:
    """One sheet's comments to write: cell -> our text (severity and message lines)."""

    texts: dict[str, str]
    stale: set[str] = field(default_factory=set)  # set by comments_part(): our old comments it dropped

    def comments_part(self, existing: bytes | None) -> bytes:
        """The sheet's comments part: the existing one with ours merged in, or a new one."""
        data = existing or (
            XML_HEAD + f'<comments xmlns="{MAIN}"><authors></authors><commentList/></comments>'.encode()
        )
        p = prefix_of(data, "comments")
        e = re.escape(p)
        authors = [
            unescape(m.group(1))
            for m in re.finditer(rb"<" + e + rb"author\b[^>]*>(.*?)</" + e + rb"author>", data, re.S)
        ]
        if AUTHOR not in authors:
            new_author = b"<" + p + b"author>" + text(AUTHOR).encode() + b"</" + p + b"author>"
            data = re.sub(rb"<" + e + rb"authors\s*/>", b"<" + p + b"authors></" + p + b"authors>", data, count=1)
            data = data.replace(b"</" + p + b"authors>", new_author + b"</" + p + b"authors>", 1)
            authors.append(AUTHOR)
        ours = authors.index(AUTHOR)
        data = re.sub(
            rb"<" + e + rb"commentList\s*/>", b"<" + p + b"commentList></" + p + b"commentList>", data, count=1
        )
        block = re.compile(rb"<" + e + rb"comment\b([^>]*)>.*?</" + e + rb"comment>", re.S)
        todo = dict(self.texts)
        self.stale.clear()

        def merge(m: re.Match) -> bytes:
            a = attrs(m.group(1))
            ref = a.get(b"ref", b"").decode().upper()
            author = int(a[b"authorId"]) if a.get(b"authorId", b"").isdigit() else -1
            runs = re.search(rb"<" + e + rb"text>(.*)</" + e + rb"text>", m.group(0), re.S)
            kept = _without_our_run(runs.group(1) if runs else b"", p)
            if ref not in todo:
                if author == ours:
                    self.stale.add(ref)
                    return b""
                return m.group(0) if runs is None or kept == runs.group(1) else self._comment(p, ref, kept, m.group(1))
            mine = todo.pop(ref)
            if author == ours:
                return self._comment(p, ref, self._run(p, mine), f' ref="{ref}" authorId="{ours}"'.encode())
            return self._comment(p, ref, kept + self._run(p, MARK + mine), m.group(1))

        data = block.sub(merge, data)
        new = b"".join(
            self._comment(p, ref, self._run(p, mine), f' ref="{ref}" authorId="{ours}"'.encode())
            for ref, mine in todo.items()
        )
        return data.replace(b"</" + p + b"commentList>", new + b"</" + p + b"commentList>", 1)

    @staticmethod
    def _run(p: bytes, words: str) -> bytes:
        s = p.decode()
        return (
            f'<{s}r><{s}rPr><{s}sz val="9"/><{s}rFont val="Tahoma"/></{s}rPr>'
            f'<{s}t xml:space="preserve">{text(words)}</{s}t></{s}r>'
        ).encode()

    @staticmethod
    def _comment(p: bytes, ref: str, runs: bytes, own_attrs: bytes) -> bytes:
        return (
            b"<" + p + b"comment" + own_attrs + b"><" + p + b"text>" + runs + b"</" + p + b"text></" + p + b"comment>"
        )


def _without_our_run(runs: bytes, p: bytes) -> bytes:
    """A comment's runs without our run (and anything after it) from an earlier annotation."""
    mark = text(MARK).encode()
    e = re.escape(p)
    for m in re.finditer(rb"<" + e + rb"r>.*?</" + e + rb"r>", runs, re.S):
        if mark in m.group(0):
            return runs[: m.start()]
    return runs
