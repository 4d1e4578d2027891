"""A keep-going build in which no problem can be built: a clear error, the old site kept."""
from __future__ import annotations

import pytest
from projects import copy_problem, link_build_inputs

from exercisekit.site.build import BuildError, build_site


@pytest.fixture
def unrenderable(tmp_path, monkeypatch):
    """A one-problem course whose only page fails to render (any unforeseen rendering bug)."""
    import exercisekit.site.build as build

    def failing(problem, *args, **kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr(build, "render_statement", failing)
    return link_build_inputs(copy_problem(tmp_path, "vae_elbo_loss"))


def test_a_keep_going_build_with_no_page_fails_and_keeps_the_previous_site(unrenderable, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site")
    with pytest.raises(BuildError) as raised:
        build_site(unrenderable, site, strict=False)
    message = str(raised.value)
    assert message.startswith("no problem could be built, so the previous site is left as it was")
    assert "vae_elbo_loss: exercise/vae_elbo_loss/problem.toml: its page could not be rendered (IndexError" in message
    assert (site / "index.html").read_text() == "the previous site"


def test_a_preview_with_no_page_still_has_an_index_without_a_start_link(unrenderable, tmp_path):
    site = build_site(unrenderable, tmp_path / "site", strict=False, error_pages=True).out
    index = (site / "index.html").read_text()
    assert "0 of 0 solved" in index and 'data-testid="continue"' not in index
