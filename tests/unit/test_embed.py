"""The origin embedded pages post their results to (`build --embed-origin`)."""
from __future__ import annotations

import pytest

from exercisekit.site.build import BuildError, embed_origin_checked


@pytest.mark.parametrize("given, kept", [("*", "*"), ("https://course.example.org", "https://course.example.org"),
                                         ("http://127.0.0.2:8123/", "http://127.0.0.2:8123"),
                                         ("https://[::1]:8443", "https://[::1]:8443")])
def test_any_parent_or_one_origin_is_accepted(given, kept):
    assert embed_origin_checked(given) == kept


@pytest.mark.parametrize("given", ["course.example.org", "https://course.example.org/path", "ftp://x.org", "", "**"])
def test_what_is_not_an_origin_is_refused_with_the_fix(given):
    with pytest.raises(BuildError, match="scheme and host"):
        embed_origin_checked(given)
