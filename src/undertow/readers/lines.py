"""Stream the lines of a text file, decoding each line on its own.

One undecodable line must not lose the rest of the file, so files in encodings that keep
ASCII bytes as they are (UTF-8, cp1256, latin-1 ...) are read in binary and each line is
decoded separately: a line that fails is yielded with ``ok=False`` (decoded with
replacement characters, for locating only) and the reader reports that record as bad.
Files in UTF-16/32 are decoded as a stream, where a decoding error ends the file.

Before the first line, the first 64 KB are checked: NUL bytes or an undecodable head mean the
file as a whole is not text in that encoding, which is a :class:`FormatError` naming the fix.
"""

from __future__ import annotations

import codecs
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from undertow.errors import FormatError

__all__ = ["HEAD_BYTES", "Line", "Span", "iter_lines", "read_head", "split_lines", "splittable"]

HEAD_BYTES = 64 * 1024
_BOM8 = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

#: ``(physical line number from 1, the line with its ending, decoded without error)``
Line = tuple[int, str, bool]

#: ``(first byte, end byte, number of the first line)``: a run of whole lines of a file
Span = tuple[int, int, int]


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """Return the first ``size`` bytes of ``path``; FormatError when it cannot be opened."""
    try:
        with path.open("rb") as f:
            return f.read(size)
    except IsADirectoryError:
        raise FormatError(
            f"{path} is a folder, not a file; give the files inside it one by one."
        ) from None
    except OSError as err:
        raise FormatError(f"Cannot open {path}: {err.strerror or err}.") from None


def _ascii_compatible(encoding: str) -> bool:
    probe = '\n\r,;\t"{}[]#-'
    try:
        return probe.encode(encoding) == probe.encode("ascii")
    except (LookupError, UnicodeError):
        return False


def _check_head(path: Path, head: bytes, encoding: str) -> None:
    if head.startswith(_UTF16_BOMS) and _ascii_compatible(encoding):
        raise FormatError(
            f"{path} is UTF-16 text, not {encoding}; pass --encoding utf-16 (or save it as UTF-8)."
        )
    if b"\x00" in head and _ascii_compatible(encoding):
        raise FormatError(
            f"{path} holds NUL bytes, so it is binary or UTF-16/32, not {encoding} text; "
            "pass the right --encoding or export it as UTF-8 text."
        )
    if _ascii_compatible(encoding):
        bad, total, first_bad = _count_bad_lines(head, encoding)
        if bad > max(1, total // 10):
            raise FormatError(
                f"{path} is not {encoding} text ({bad} of its first {total} lines cannot be "
                f"decoded, the first at line {first_bad}); pass its encoding with --encoding, "
                "e.g. cp1256 for Arabic Windows files or latin-1."
            )
        return
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        decoder.decode(head, final=False)
    except UnicodeDecodeError as err:
        raise FormatError(
            f"{path} is not {encoding} text (undecodable byte at offset {err.start}); "
            "pass its encoding with --encoding."
        ) from None


def _count_bad_lines(head: bytes, encoding: str) -> tuple[int, int, int]:
    """Return (undecodable lines, lines, first bad line number) among the complete lines."""
    pieces = head.split(b"\n")
    if len(head) == HEAD_BYTES and len(pieces) > 1:
        pieces.pop()  # the last piece may be cut in the middle of a character
    bad, first_bad = 0, 0
    for number, piece in enumerate(pieces, start=1):
        try:
            piece.decode(encoding)
        except UnicodeDecodeError:
            bad += 1
            first_bad = first_bad or number
    return bad, len(pieces), first_bad


def iter_lines(path: Path, encoding: str = "utf-8", span: Span | None = None) -> Iterator[Line]:
    """Yield every physical line of ``path`` with its line ending.

    A UTF-8 byte-order mark at the start is dropped. Raises FormatError when the file
    cannot be opened or is not text in ``encoding`` at all. ``span`` (from :func:`split_lines`)
    limits the lines to one run of them; the file head is checked only for the first run.
    """
    if span is not None:
        if not splittable(encoding):
            raise ValueError(f"files in {encoding} cannot be read in runs of lines")
        if span[0] == 0:
            _check_head(path, read_head(path), encoding)
        yield from _binary_lines(path, encoding, span)
        return
    head = read_head(path)
    _check_head(path, head, encoding)
    if _ascii_compatible(encoding):
        yield from _binary_lines(path, encoding)
    else:
        yield from _stream_lines(path, encoding)


def splittable(encoding: str) -> bool:
    """Return True when a file in ``encoding`` can be cut at newline bytes (ASCII-compatible)."""
    return _ascii_compatible(encoding)


def split_lines(path: Path, size: int) -> list[Span]:
    """Cut ``path`` into runs of whole lines of about ``size`` bytes each (at least one run).

    Only the newline bytes are read, so this is as fast as the disk; the runs are what
    :func:`iter_lines` reads with ``span=`` in separate processes.
    """
    if size < 1:
        raise ValueError("size must be positive")
    spans: list[Span] = []
    start, line = 0, 1
    with path.open("rb") as f:
        total = os.fstat(f.fileno()).st_size
        while start < total:
            f.seek(min(start + size, total) - 1)
            end = min(start + size, total) - 1
            # extend to the end of the line that holds byte ``end``
            while True:
                block = f.read(1 << 16)
                if not block:
                    end = total
                    break
                cut = block.find(b"\n")
                if cut >= 0:
                    end += cut + 1
                    break
                end += len(block)
            spans.append((start, end, line))
            f.seek(start)
            line += _count_newlines(f, end - start)
            start = end
    return spans or [(0, 0, 1)]


def _count_newlines(f: Any, length: int) -> int:
    count = 0
    while length > 0:
        block = f.read(min(length, 1 << 22))
        if not block:
            break
        count += block.count(b"\n")
        length -= len(block)
    return count


def _binary_lines(path: Path, encoding: str, span: Span | None = None) -> Iterator[Line]:
    strip_bom = codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    start, end, first = span if span is not None else (0, -1, 1)
    with path.open("rb") as f:
        f.seek(start)
        remaining = end - start
        for number, raw in enumerate(f, start=first):
            if span is not None:
                if remaining <= 0:
                    break
                remaining -= len(raw)
            if number == 1 and strip_bom and raw.startswith(_BOM8):
                raw = raw[len(_BOM8) :]
            try:
                yield number, raw.decode(encoding), True
            except UnicodeDecodeError:
                yield number, raw.decode(encoding, "replace"), False


def _stream_lines(path: Path, encoding: str) -> Iterator[Line]:
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
        number = 0
        try:
            for number, line in enumerate(text, start=1):
                yield number, line.removeprefix("\ufeff") if number == 1 else line, True
        except UnicodeDecodeError as err:
            raise FormatError(
                f"{path} stops being {encoding} text after line {number} ({err.reason}); "
                "pass the right --encoding or re-save the file."
            ) from None
