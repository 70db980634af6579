"""Right-to-left text in a left-to-right document: a small implementation of the Unicode bidirectional
algorithm (UAX #9) for one line of user text.

Rules W1-W7, N0 (bracket pairs), N1-N2, I1-I2, L1 and L2, without explicit embeddings or isolates
(text.clean() removes those, like every format character but ZWJ and ZWNJ). The paragraph direction is
the document's, left to right, as a browser without dir=auto: an Arabic or Hebrew name reads right to
left inside an English line. Checked against python-bidi on 40 cases in the research behind it.
"""

from __future__ import annotations

import unicodedata

_STRONG_R = ("R", "EN", "AN")
_PAIRS = "()[]{}⁅⁆⁽⁾₍₎⌈⌉⌊⌋〈〉⟨⟩〈〉《》「」『』【】〔〕（）［］｛｝"
_OPEN = {_PAIRS[i]: _PAIRS[i + 1] for i in range(0, len(_PAIRS), 2)}
_CLOSE = {_PAIRS[i + 1]: _PAIRS[i] for i in range(0, len(_PAIRS), 2)}


def bidi_levels(text: str, base: int = 0) -> list[int]:
    """Resolved embedding levels (rules W1-W7, N1-N2, I1-I2, L1) for one line without explicit
    embeddings/isolates (they, like all Cf characters, are treated as boundary neutrals)."""
    cls = []
    for ch in text:
        c = unicodedata.bidirectional(ch) or "L"
        if c in ("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"):
            c = "BN"
        cls.append(c)
    sos = "R" if base % 2 else "L"
    n = len(cls)
    idx = [i for i in range(n) if cls[i] != "BN"]  # X9: BN ignored, given the level of a neighbour below
    # W1
    prev = sos
    for i in idx:
        if cls[i] == "NSM":
            cls[i] = prev
        prev = cls[i]
    # W2, W3
    last = sos
    for i in idx:
        if cls[i] in ("L", "R", "AL"):
            last = cls[i]
        elif cls[i] == "EN" and last == "AL":
            cls[i] = "AN"
    for i in idx:
        if cls[i] == "AL":
            cls[i] = "R"
    # W4
    for before_i, mid, after_i in zip(idx, idx[1:], idx[2:]):
        if cls[mid] == "ES" and cls[before_i] == cls[after_i] == "EN":
            cls[mid] = "EN"
        elif cls[mid] == "CS" and cls[before_i] == cls[after_i] and cls[before_i] in ("EN", "AN"):
            cls[mid] = cls[before_i]
    # W5
    k = 0
    while k < len(idx):
        if cls[idx[k]] == "ET":
            j = k
            while j < len(idx) and cls[idx[j]] == "ET":
                j += 1
            if (k > 0 and cls[idx[k - 1]] == "EN") or (j < len(idx) and cls[idx[j]] == "EN"):
                for m in range(k, j):
                    cls[idx[m]] = "EN"
            k = j
        else:
            k += 1
    # W6, W7
    last = sos
    for i in idx:
        if cls[i] in ("ES", "ET", "CS"):
            cls[i] = "ON"
        if cls[i] in ("L", "R"):
            last = cls[i]
        elif cls[i] == "EN" and last == "L":
            cls[i] = "L"
    # N0: paired brackets (BD16) take the direction of what they enclose / their context
    e = "R" if base % 2 else "L"
    opp = "L" if e == "R" else "R"
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for k, i in enumerate(idx):
        ch = text[i]
        if cls[i] != "ON":
            continue
        if ch in _OPEN:
            if len(stack) == 63:
                break
            stack.append((_OPEN[ch], k))
        elif ch in _CLOSE:
            for d in range(len(stack) - 1, -1, -1):
                if stack[d][0] == ch:
                    pairs.append((stack[d][1], k))
                    del stack[d:]
                    break
    for ko, kc in sorted(pairs):
        inside = {
            ("R" if cls[idx[m]] in _STRONG_R else "L")
            for m in range(ko + 1, kc)
            if cls[idx[m]] in ("L", "R", "EN", "AN")
        }
        if e in inside:
            side = e
        elif opp in inside:
            before = sos
            for m in range(ko - 1, -1, -1):
                if cls[idx[m]] in ("L", "R", "EN", "AN"):
                    before = "R" if cls[idx[m]] in _STRONG_R else "L"
                    break
            side = opp if before == opp else e
        else:
            continue
        cls[idx[ko]] = cls[idx[kc]] = side
    # N1, N2
    k = 0
    while k < len(idx):
        if cls[idx[k]] in ("B", "S", "WS", "ON"):
            j = k
            while j < len(idx) and cls[idx[j]] in ("B", "S", "WS", "ON"):
                j += 1
            left = sos if k == 0 else ("R" if cls[idx[k - 1]] in _STRONG_R else "L")
            right = sos if j == len(idx) else ("R" if cls[idx[j]] in _STRONG_R else "L")
            side = left if left == right else sos
            for m in range(k, j):
                cls[idx[m]] = side
            k = j
        else:
            k += 1
    # I1, I2
    levels = [base] * n
    for i in idx:
        c = cls[i]
        if base % 2 == 0:
            levels[i] = base + (1 if c == "R" else 2 if c in ("AN", "EN") else 0)
        else:
            levels[i] = base + (1 if c in ("L", "EN", "AN") else 0)
    # BN: level of the preceding character (keeps ZWJ/ZWNJ inside their run)
    for i in range(n):
        if cls[i] == "BN":
            levels[i] = levels[i - 1] if i else base
    # L1: trailing whitespace to the paragraph level
    i = n - 1
    while i >= 0 and (unicodedata.bidirectional(text[i]) in ("WS", "BN") or text[i].isspace()):
        levels[i] = base
        i -= 1
    return levels


def visual_order(levels: list[int]) -> list[int]:
    """Rule L2: indices of the characters in visual (left-to-right) order."""
    order = list(range(len(levels)))
    if not levels:
        return order
    top = max(levels)
    low_odd = min((v for v in levels if v % 2), default=top + 1)
    for lev in range(top, low_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= lev:
                j = i
                while j < len(order) and levels[order[j]] >= lev:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


def needs_bidi(text: str) -> bool:
    """Whether a line holds right-to-left letters or Arabic numbers (else it needs no reordering)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL", "AN") for ch in text)
