"""Compile the project's hand-written training sets to JSONL (run: python tools/build_training.py).

Source format (stable: the English and Arabic sets are written in it)
====================================================================

Files ``training/<lang>/*.txt`` (``<lang>`` is ``en`` or ``ar``), UTF-8. One example per
*block*; blocks are separated by one or more blank lines. A block is a header followed by
the post's text::

    # optional comment lines ("#" alone or "# " then anything)
    @stance supporter
    @labels admission defiance failure_analysis
    @causes air_power weapons_shortage
    @incitement target="the crusaders" form=explicit_call
    We lost {admission:the city after forty days} but {defiance:the war is long}.
    The {failure_analysis:planes never left the sky}.

Header lines come first, in any order, each at most once:

``# ...``
    A comment (a hash followed by a space, or a hash alone). A ``#hashtag`` with no space
    is text, so a tweet may begin with a hashtag. A block of comments only is skipped.
``@stance S``
    One of ``official internal supporter opponent observer``; default ``supporter``.
``@labels L ...``
    **Required.** Space-separated labels from ``undertow.analyzers.base.LABELS``;
    ``@labels`` alone or ``@labels none`` codes the post ``none``.
``@causes C ...``
    Causes from ``CAUSES``; required (at least one) when ``failure_analysis`` is a label,
    forbidden otherwise.
``@incitement target="..." form=F``
    Required when ``incitement`` is a label, forbidden otherwise. ``form`` is one of
    ``INCITEMENT_FORMS``; ``target`` is quoted as written in the post, or ``target=null``
    (or left out) when the post names none.

The header ends at the first line that is neither a comment nor one of these directives;
that line and every line after it, up to the blank line, are the text. A text line may
begin with ``@handle`` (a tweet reply) or ``#hashtag``; a line beginning with ``@label``,
``@cause``, ``@stance``... that is not a valid directive is an error, not text.

Text:
  * Lines are joined with ``\\n``; trailing spaces of each line are dropped.
  * A line that is exactly ``\\`` stands for an empty line inside the text (paragraphs).
  * ``{label:words}`` marks evidence for ``label``; ``{label1,label2:words}`` marks the same
    words for two labels. The braces and the ``label:`` prefix are removed from the final
    text. Spans do not nest; a span may cross lines; its words must not start or end with
    whitespace (keep evidence tight).
  * ``\\{``, ``\\}`` and ``\\\\`` write a literal brace or backslash; any other backslash is
    literal.
  * Every label in ``@labels`` needs at least one span, and every span's label must be in
    ``@labels``.

Output: ``training/<lang>.jsonl``, one JSON object a line, in file-name order and block
order, keys in this order::

    id          "<lang>-<file stem>-<n>" (n = 1-based example number in the file, 4 digits)
    text        the text with the markup removed
    lang        "<lang>"
    stance      the stance
    labels      labels in the codebook order of LABELS ([] = none)
    causes      causes in the order of CAUSES ([] unless failure_analysis)
    incitement  {"target": str | null, "form": str} or null
    evidence    {label: [[start, end], ...]} character offsets into text, end exclusive,
                labels in LABELS order, spans sorted

The build is deterministic (same input, byte-identical output). It fails, naming
``file:line`` for every problem found, on any malformed block, unknown label, cause,
form or stance, missing evidence, or a text that duplicates another one of the same
language (compared case-folded with whitespace collapsed).

Usage::

    python tools/build_training.py            # rebuild every training/<lang>.jsonl
    python tools/build_training.py --check    # exit 1 if a JSONL file is stale
    python tools/build_training.py --lang en  # one language only
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

from undertow.analyzers.base import CAUSES, INCITEMENT_FORMS, LABELS
from undertow.errors import FormatError
from undertow.post import STANCES

ROOT = Path(__file__).resolve().parents[1]
TRAINING = ROOT / "training"
DIRECTIVES = ("stance", "labels", "causes", "incitement")
OUTPUT_KEYS = ("id", "text", "lang", "stance", "labels", "causes", "incitement", "evidence")
_DIRECTIVE_RE = re.compile(r"@(\w+)(?:\s+(.*))?$")
_NEAR_DIRECTIVE_RE = re.compile(r"@(stances?|labels?|causes?|incitements?|incite)\b", re.I)
_OPEN_RE = re.compile(r"\{([a-z_]+(?:,[a-z_]+)*):")


@dataclass
class Example:
    """One compiled example, with where it came from."""

    id: str
    text: str
    lang: str
    stance: str
    labels: list[str]
    causes: list[str]
    incitement: dict[str, str | None] | None
    evidence: dict[str, list[list[int]]]
    file: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    def to_json(self) -> str:
        """The example as one JSONL line (without the newline), keys in the documented order."""
        return json.dumps({key: getattr(self, key) for key in OUTPUT_KEYS}, ensure_ascii=False)


class _Problems:
    """Collects ``file:line: reason`` messages so one run reports every problem."""

    def __init__(self) -> None:
        self.items: list[tuple[str, int, str]] = []

    def add(self, file: str, line: int, reason: str) -> None:
        self.items.append((file, line, reason))

    def raise_if_any(self) -> None:
        if self.items:
            head = f"Found {len(self.items)} problem(s) in the training sources; fix them and rerun"
            lines = [f"{f}:{n}: {r}" for f, n, r in sorted(self.items, key=lambda x: x[:2])]
            raise FormatError(head + ":\n" + "\n".join(lines))


def _ordered(values: list[str], order: tuple[str, ...]) -> list[str]:
    return sorted(set(values), key=order.index)


Span = tuple[tuple[str, ...], int, int]


def parse_text(raw: str) -> tuple[str, list[Span], list[tuple[int, str]]]:
    """Strip the span markup from ``raw``.

    Returns the clean text, the spans as ``(labels, start, end)`` in the clean text, and the
    problems as ``(offset into raw, reason)``.
    """
    out: list[str] = []
    spans: list[Span] = []
    problems: list[tuple[int, str]] = []
    open_labels: tuple[str, ...] | None = None
    open_at = 0
    open_raw = 0
    i = 0
    length = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw) and raw[i + 1] in "{}\\":
            out.append(raw[i + 1])
            length += 1
            i += 2
            continue
        if ch == "{":
            match = _OPEN_RE.match(raw, i)
            if match is None:
                problems.append((i, "'{' must open a span as {label:words}; write \\{ for a brace"))
                i += 1
                continue
            if open_labels is not None:
                problems.append((i, "spans do not nest; close the span opened before"))
            open_labels = tuple(match.group(1).split(","))
            open_at, open_raw = length, i
            i = match.end()
            continue
        if ch == "}":
            if open_labels is None:
                problems.append((i, "'}' closes no span; write \\} for a brace"))
            else:
                words = "".join(out)[open_at:length]
                if not words.strip():
                    problems.append((open_raw, "empty span"))
                elif words != words.strip():
                    problems.append(
                        (open_raw, "span starts or ends with whitespace; keep spans tight")
                    )
                spans.append((open_labels, open_at, length))
                open_labels = None
            i += 1
            continue
        out.append(ch)
        length += 1
        i += 1
    if open_labels is not None:
        problems.append((open_raw, "span is never closed with '}'"))
    return "".join(out), spans, problems


def _parse_incitement(value: str) -> tuple[dict[str, str | None] | None, str | None]:
    try:
        parts = shlex.split(value)
    except ValueError as err:
        return None, f'cannot read @incitement ({err}); quote the target as target="..."'
    fields: dict[str, str] = {}
    for part in parts:
        key, sep, val = part.partition("=")
        if not sep or key not in ("target", "form") or key in fields:
            return None, f'bad @incitement item {part!r}; write target="..." form=FORM'
        fields[key] = val
    form = fields.get("form")
    if form not in INCITEMENT_FORMS:
        return None, f"@incitement form must be one of {' '.join(INCITEMENT_FORMS)}, not {form!r}"
    target = fields.get("target")
    if target in (None, "null", ""):
        target = None
    return {"target": target, "form": form}, None


def _compile_block(
    lines: list[tuple[int, str]], path: Path, rel: str, lang: str, number: int, problems: _Problems
) -> Example | None:
    """Compile one block (its lines with 1-based line numbers); None for a comment-only block."""
    header: dict[str, tuple[int, str]] = {}
    text_start = len(lines)
    for idx, (lineno, line) in enumerate(lines):
        if line == "#" or line.startswith("# "):
            continue
        match = _DIRECTIVE_RE.match(line)
        if match and match.group(1) in DIRECTIVES:
            name = match.group(1)
            if name in header:
                problems.add(rel, lineno, f"@{name} given twice in one block; keep one")
            header[name] = (lineno, (match.group(2) or "").strip())
            continue
        if _NEAR_DIRECTIVE_RE.match(line):
            known = " ".join("@" + name for name in DIRECTIVES)
            problems.add(rel, lineno, f"unknown directive {line.split()[0]!r}; use one of {known}")
        text_start = idx
        break
    body = lines[text_start:]
    first = lines[0][0]
    if not body:
        if header:
            problems.add(rel, first, "block has a header but no text; add the post's text")
        return None
    body_line = body[0][0]
    if "labels" not in header:
        problems.add(rel, first, "block has no @labels line; add one (@labels none for none)")
        return None
    raw = "\n".join("" if line == "\\" else line for _, line in body)
    text, spans, span_problems = parse_text(raw)
    for offset, reason in span_problems:
        problems.add(rel, body[raw.count("\n", 0, offset)][0], reason)
    for lineno, line in body:
        match = _DIRECTIVE_RE.match(line)
        if match and match.group(1) in DIRECTIVES:
            problems.add(rel, lineno, f"@{match.group(1)} after the text; move it to the header")
    stance_line, stance = header.get("stance", (first, "supporter"))
    if stance not in STANCES:
        problems.add(rel, stance_line, f"stance {stance!r} is not one of {' '.join(STANCES)}")
    labels_line, labels_value = header["labels"]
    labels = [] if labels_value in ("", "none") else labels_value.split()
    for label in labels:
        if label not in LABELS:
            problems.add(rel, labels_line, f"unknown label {label!r}; labels: {' '.join(LABELS)}")
    causes_line, causes_value = header.get("causes", (first, ""))
    causes = causes_value.split()
    for cause in causes:
        if cause not in CAUSES:
            problems.add(rel, causes_line, f"unknown cause {cause!r}; causes: {' '.join(CAUSES)}")
    if "failure_analysis" in labels and not causes:
        problems.add(rel, labels_line, "failure_analysis needs @causes (use 'other' if unnamed)")
    if causes and "failure_analysis" not in labels:
        problems.add(rel, causes_line, "@causes given but failure_analysis is not a label")
    incitement = None
    if "incitement" in header:
        inc_line, inc_value = header["incitement"]
        incitement, err = _parse_incitement(inc_value)
        if err:
            problems.add(rel, inc_line, err)
        if "incitement" not in labels:
            problems.add(rel, inc_line, "@incitement given but incitement is not a label")
    elif "incitement" in labels:
        problems.add(rel, labels_line, 'incitement needs @incitement target="..." form=FORM')
    evidence: dict[str, list[list[int]]] = {}
    for span_labels, start, end in spans:
        for label in span_labels:
            if label not in labels:
                problems.add(rel, body_line, f"span label {label!r} is not listed in @labels")
            evidence.setdefault(label, []).append([start, end])
    for label in labels:
        if label not in evidence:
            problems.add(rel, labels_line, f"label {label!r} has no {{{label}:...}} evidence span")
    if not text.strip():
        problems.add(rel, body_line, "text is empty")
    good_labels = [label for label in labels if label in LABELS]
    return Example(
        id=f"{lang}-{path.stem}-{number:04d}",
        text=text,
        lang=lang,
        stance=stance,
        labels=_ordered(good_labels, LABELS),
        causes=_ordered([c for c in causes if c in CAUSES], CAUSES),
        incitement=incitement,
        evidence={label: sorted(evidence[label]) for label in LABELS if label in evidence},
        file=rel,
        line=first,
    )


def _blocks(source: str) -> list[list[tuple[int, str]]]:
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for lineno, line in enumerate(source.split("\n"), start=1):
        line = line.rstrip()
        if line:
            current.append((lineno, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _dedup_key(text: str) -> str:
    return " ".join(text.casefold().split())


def compile_file(
    path: Path, lang: str, problems: _Problems, root: Path = TRAINING
) -> list[Example]:
    """Compile one source file; problems are added to ``problems``."""
    try:
        rel = str(path.relative_to(root.parent))
    except ValueError:
        rel = str(path)
    source = path.read_text(encoding="utf-8").replace("\r\n", "\n").lstrip("\ufeff")
    examples: list[Example] = []
    for block in _blocks(source):
        example = _compile_block(block, path, rel, lang, len(examples) + 1, problems)
        if example is not None:
            examples.append(example)
    return examples


def compile_language(root: Path, lang: str) -> list[Example]:
    """Compile every ``root/<lang>/*.txt`` in name order; raise FormatError listing all problems."""
    folder = root / lang
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise FormatError(f"No training sources in {folder}; add {lang}/*.txt files first")
    problems = _Problems()
    examples: list[Example] = []
    for path in files:
        examples.extend(compile_file(path, lang, problems, root))
    seen: dict[str, Example] = {}
    for example in examples:
        key = _dedup_key(example.text)
        if key in seen:
            other = seen[key]
            problems.add(example.file, example.line, f"duplicates {other.file}:{other.line}")
        else:
            seen[key] = example
    problems.raise_if_any()
    return examples


def render_language(root: Path, lang: str) -> str:
    """The JSONL text for one language (what ``build`` writes to ``root/<lang>.jsonl``)."""
    return "".join(example.to_json() + "\n" for example in compile_language(root, lang))


def languages(root: Path) -> list[str]:
    """Languages present: subfolders of ``root`` holding at least one ``*.txt`` file."""
    return sorted(p.name for p in root.iterdir() if p.is_dir() and any(p.glob("*.txt")))


def build(root: Path = TRAINING, langs: list[str] | None = None, check: bool = False) -> list[str]:
    """Write (with ``check``: only compare) ``root/<lang>.jsonl``; return the changed paths."""
    changed: list[str] = []
    for lang in langs or languages(root):
        target = root / f"{lang}.jsonl"
        content = render_language(root, lang).encode("utf-8")
        if target.exists() and target.read_bytes() == content:
            continue
        changed.append(str(target))
        if not check:
            target.write_bytes(content)
    return changed


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Compile training/<lang>/*.txt to JSONL.")
    parser.add_argument("--root", type=Path, default=TRAINING, help="the training folder")
    parser.add_argument("--lang", action="append", help="a language to build (repeatable)")
    parser.add_argument("--check", action="store_true", help="fail if a JSONL file is stale")
    args = parser.parse_args(argv)
    try:
        changed = build(args.root, args.lang, args.check)
    except FormatError as err:
        print(err, file=sys.stderr)
        return 1
    if args.check:
        for path in changed:
            print(f"{path} is stale; run python tools/build_training.py", file=sys.stderr)
        if not changed:
            print("Every training JSONL file is up to date")
        return 1 if changed else 0
    for path in changed:
        print(f"Wrote {path}")
    if not changed:
        print("Every training JSONL file is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
