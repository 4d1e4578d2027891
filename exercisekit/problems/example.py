"""The statement's Example section, read in one place.

Validation requires it, the page's Try it snippet is made from its first code block, and
`check` runs its stated outputs in both legs (check/examples.py): all three read it here,
so a statement's Example is found by all of them or by none. The section starts at a
heading `Example` or `Examples` of any level (`## Example`, `### Examples`), outside any
code block, and ends at the next heading of the same or a higher level.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

EXAMPLE_HEADING = re.compile(r"^(#{1,6})\s*Examples?\b", re.IGNORECASE)
HEADING = re.compile(r"^(#{1,6})\s")
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class CodeBlock:
    """A fenced code block of the Example: its lines, and the 0-based line of statement.md
    its first line is on."""

    first: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + ("\n" if self.lines else "")


def example_heading(statement: str) -> tuple[int, int] | None:
    """(the 0-based line of the Example's heading, its level), or None without one. A line
    inside a code block is never a heading."""
    inside = False
    for number, line in enumerate(statement.splitlines()):
        if FENCE.match(line):
            inside = not inside
        elif not inside and (found := EXAMPLE_HEADING.match(line)):
            return number, len(found.group(1))
    return None


def example_blocks(statement: str) -> list[CodeBlock] | None:
    """The fenced code blocks of the Example section, in order; None without an Example."""
    found = example_heading(statement)
    if found is None:
        return None
    start, level = found
    lines = statement.splitlines()
    blocks: list[CodeBlock] = []
    inside: list[str] | None = None
    first = 0
    for number in range(start + 1, len(lines)):
        line = lines[number]
        other = HEADING.match(line)
        if inside is None and other and len(other.group(1)) <= level:
            break
        if FENCE.match(line):
            if inside is None:
                inside, first = [], number + 1
            else:
                blocks.append(CodeBlock(first, tuple(inside)))
                inside = None
        elif inside is not None:
            inside.append(line)
    if inside is not None:   # an unclosed fence runs to the end, as Markdown reads it
        blocks.append(CodeBlock(first, tuple(inside)))
    return blocks
