"""Tracks (course.toml): this repository's index shows "The VAE path" in its order, and *Next*
on a problem page follows the track the learner came from, on the built site in Chromium."""
from __future__ import annotations

import re

from helpers import ROOT, run_code, source, wait_ready

from exercisekit.problems.course import load_course

TRACK = "The VAE path"


def track_slugs() -> list[str]:
    return dict(load_course(ROOT).tracks)[TRACK]


def built_next(page, base_url: str, slug: str) -> str:
    """The href of the Next link the build wrote into the page (the course order)."""
    html = page.request.get(f"{base_url}{slug}.html").text()
    return re.search(r'data-testid="next"[^>]*>\s*<a href="([^"]+)"', html).group(1)


def from_index(page, base_url: str, slug: str, where: str):
    """Follow `slug`'s link on the index, inside the track (`where` = "track") or not."""
    page.goto(base_url)
    scope = f"[data-testid=track][data-name='{TRACK}']" if where == "track" else "main.index > ol.path"
    page.click(f"{scope} [data-testid=problem][data-slug={slug}] > div > a")
    page.wait_for_url(f"**/{slug}.html")
    page.wait_for_selector("[data-testid=editor] .cm-content")


def next_href(page) -> str:
    return page.locator("[data-testid=next] a").get_attribute("href")


def test_the_index_shows_the_track_and_next_follows_the_track_the_learner_came_from(page, base_url):
    """Steps: the index lists the VAE path in its order -> a problem followed from the track:
    Next and the pager go along the track (the order the build wrote) -> solved, Next leads
    on along the track -> the track's last problem, followed from the track: Next leads back
    to the index (not to the course order's next problem) -> a problem in no track, followed
    from the index: the course order the build wrote -> the last problem opened again, with no
    track remembered: the course order the build wrote."""
    slugs = track_slugs()
    page.goto(base_url)
    rows = page.locator(f"[data-testid=track][data-name='{TRACK}'] [data-testid=problem]")
    assert [rows.nth(i).get_attribute("data-slug") for i in range(rows.count())] == list(slugs), "the index's track"

    at = slugs.index("vae_elbo_loss")
    # The track is the course order: the build already wrote its next problem (issue 31).
    assert built_next(page, base_url, "vae_elbo_loss") == f"{slugs[at + 1]}.html"
    from_index(page, base_url, "vae_elbo_loss", "track")
    assert next_href(page) == f"{slugs[at + 1]}.html", "in the track: Next"
    assert page.locator("nav.pager a[rel=next]").get_attribute("href") == f"{slugs[at + 1]}.html"
    assert page.locator("nav.pager a[rel=prev]").get_attribute("href") == f"{slugs[at - 1]}.html"
    # Solved, the learner follows Next, and the next page goes on along the track.
    wait_ready(page)
    run_code(page, source("solutions/vae_elbo_loss/reference.py"))
    assert page.locator("[data-testid=next] a").is_visible(), "solved: no Next link"
    page.click("[data-testid=next] a")
    page.wait_for_url(f"**/{slugs[at + 1]}.html")
    page.wait_for_selector("[data-testid=editor] .cm-content")
    assert next_href(page) == f"{slugs[at + 2]}.html", "after Next: not along the track"
    assert built_next(page, base_url, slugs[at + 1]) == f"{slugs[at + 2]}.html"

    # The end of the track leads back to the index. There, the course order the build wrote
    # would go on to the problems in no track.
    last = slugs[-1]
    from_index(page, base_url, last, "track")
    link = page.locator("[data-testid=next] a")
    assert link.get_attribute("href") == "index.html", "the track's end: Next"
    assert link.text_content() == f"The end of {TRACK}: back to all problems →"
    assert page.locator("nav.pager a[rel=next]").count() == 0
    assert next_href(page) == "index.html" != built_next(page, base_url, last)
    # A problem outside the tracks forgets the track.
    outside = "kl_two_gaussians"
    assert outside not in slugs
    from_index(page, base_url, outside, "more")
    assert next_href(page) == built_next(page, base_url, outside), "outside the tracks: Next"
    # Opened again with no track remembered: the course order the build wrote.
    page.goto(f"{base_url}{last}.html")
    page.wait_for_selector("[data-testid=editor] .cm-content")
    assert next_href(page) == built_next(page, base_url, last), "no track remembered: Next"
