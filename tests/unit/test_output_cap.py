"""Output over the cap is reported where cutting began, with how much, and on each later
place that lost output; the loading output says nothing of a cut it did not suffer."""
from __future__ import annotations

from exercisekit.runtime.runner import PrintedOutput


def printed_under(limit: int, writes: list[tuple[str | None, str]]) -> PrintedOutput:
    printed = PrintedOutput(limit)
    for key, text in writes:
        printed.current = key
        printed.write(text)
    return printed


def test_the_cut_is_noted_on_the_row_where_it_began_with_how_much():
    printed = printed_under(10, [(None, "abc"), ("t1", "0123456789"), ("t2", "xyz")])
    assert printed.rest() == "abc"   # nothing of the loading output was cut
    first = printed.text("t1")
    assert first.startswith("0123456") and "output cut here: 3 more characters" in first
    later = printed.text("t2")
    assert later.startswith("\n... output cut here: 3 more characters")
    assert printed.dropped == 6


def test_the_cut_is_noted_under_loading_when_it_began_there():
    printed = printed_under(4, [(None, "abcdef"), ("t1", "ok")])
    assert printed.rest().startswith("abcd\n... output cut here: 2 more")
    assert "4 characters in all" in printed.rest()
    assert "2 more" in printed.text("t1")


def test_output_under_the_cap_has_no_note():
    printed = printed_under(100, [(None, "a"), ("t1", "b")])
    assert printed.rest() == "a" and printed.text("t1") == "b"
