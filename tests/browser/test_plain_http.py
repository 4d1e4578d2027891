"""The site served over plain http at a network address, as a classroom's machine on its LAN
serves it: not a secure context, so the browser offers no Web Crypto and no service worker.
The page still starts Python, grades, and swaps in the next problem, its data still checked
against the hash the page holds (worker.js sha256Hex falls back to Python's hashlib)."""
from __future__ import annotations

import functools
import socket
import threading

import pytest
from conftest import QuietHandler
from helpers import SLUG, QuietServer, run_code, source, wait_ready

NEXT = "active_units"   # the pager's next problem after SLUG


def network_address() -> str | None:
    """This machine's address on its network (not loopback), or None when it has none. A UDP
    socket 'connected' to a documentation address only picks the route; nothing is sent."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = probe.getsockname()[0]
    return None if address.startswith("127.") else address


@pytest.fixture(scope="module")
def lan_url(site_dir):
    address = network_address()
    if address is None:
        pytest.skip("this machine has no network address other than loopback to serve the site on")
    server = QuietServer((address, 0), functools.partial(QuietHandler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://{address}:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.both_engines
def test_over_plain_http_on_a_lan_the_page_grades_and_swaps_problems(page, lan_url):
    page.goto(f"{lan_url}{SLUG}.html")
    assert page.evaluate("() => [isSecureContext, 'serviceWorker' in navigator]") == [False, False]
    wait_ready(page)
    result = run_code(page, source(f"solutions/{SLUG}/reference.py"))
    assert result["passed"] == result["total"] > 0
    page.wait_for_selector("[data-testid=status][data-spare=ready]", state="attached", timeout=90_000)
    page.evaluate("() => { window.beforeTheSwap = true; }")
    page.click("nav.pager a[rel=next]")
    page.wait_for_function("(slug) => window.exercise && window.exercise.slug === slug", arg=NEXT)
    wait_ready(page)
    # Swapped in place by the spare Python (whose check of the new data needed the fallback),
    # not a new page load, which would start over and check nothing new.
    assert page.evaluate("() => window.beforeTheSwap") is True
    result = run_code(page, source(f"solutions/{NEXT}/reference.py"))
    assert result["passed"] == result["total"] > 0
