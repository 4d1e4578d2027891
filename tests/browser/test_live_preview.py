"""`build_site.py serve`: editing a statement updates the open page; a broken problem shows
its error on its page while the rest of the site keeps working."""
from __future__ import annotations

import threading

import pytest
from helpers import ROOT, SLUG
from projects import copy_problem, link_build_inputs


@pytest.fixture
def preview(tmp_path):
    from exercisekit.authoring.scaffold import new_problem
    from exercisekit.authoring.serve import Preview, make_server

    project = link_build_inputs(copy_problem(tmp_path, SLUG))
    new_problem(project, "second_problem")
    logs: list[str] = []
    state = Preview(project, tmp_path / "site", log=logs.append)
    state.rebuild()
    server = make_server(state, 0)
    stop = threading.Event()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Thread(target=state.watch, kwargs={"interval": 0.3, "stop": stop}, daemon=True).start()
    yield project, f"http://127.0.0.1:{server.server_address[1]}/", logs
    stop.set()
    server.shutdown()


def test_a_broken_problem_shows_its_error_while_an_edited_statement_reloads_its_page(preview, page):
    """Steps: a problem's reference is broken -> its page shows the check error -> another
    problem's page is open, its statement edited -> that page reloads with the new sentence
    -> its tests still run and pass (the broken problem stops nothing else)."""
    project, url, logs = preview
    (project / "solutions" / "second_problem" / "reference.py").write_text("def broken(:\n")
    page.goto(url + "second_problem.html")
    page.wait_for_selector("[data-testid=check-error]", timeout=180_000)  # reloads itself once rebuilt
    assert "solutions/second_problem/reference.py:1: syntax error" in page.text_content("[data-testid=check-error]")
    assert any("second_problem fails check" in line for line in logs), logs

    page.goto(url + f"{SLUG}.html")
    page.wait_for_selector("[data-testid=editor] .cm-content")
    statement = project / "exercise" / SLUG / "statement.md"
    # Prose only, within a line (the Example keeps its lines): check's cache keeps no prose
    # (check/cache.py), so the rebuild runs no leg.
    text = statement.read_text()
    assert "Turned into a loss" in text
    statement.write_text(text.replace("Turned into a loss", "Freshly edited sentence. Turned into a loss"))
    page.wait_for_selector("text=Freshly edited sentence.", timeout=180_000)
    assert any(line.startswith("built 2 problems") for line in logs), logs
    result = page.evaluate("(code) => { window.exercise.setCode(code); return window.exercise.runTests(); }",
                           (ROOT / "solutions" / SLUG / "reference.py").read_text())
    assert result["passed"] == result["total"] == 10, "the other problem's page no longer works"
