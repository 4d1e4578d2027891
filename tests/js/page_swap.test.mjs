// Unit tests of the in-place swap's rules (web/static/page_swap.mjs) on literal values; the
// swap itself is tested in Chromium: tests/browser/test_next_problem.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { sameRuntime, swappable } from "../../web/static/page_swap.mjs";

const config = (dataUrl, extra = {}) => ({
  workerUrl: "assets/worker.js",
  runtime: { dataUrl, runtimeUrl: "assets/runtime-1.zip", numpyWheel: "assets/numpy.zip", testWheels: ["assets/pytest.zip"],
             ...extra },
});

test("problems on the same runtime files swap; other data is fine, other packages are not", () => {
  assert.equal(sameRuntime(config("data/a.json"), config("data/b.json")), true);
  assert.equal(sameRuntime(config("data/a.json"), config("data/b.json", { packageWheels: ["assets/scipy.zip"] })), false);
  assert.equal(sameRuntime(config("data/a.json"), { ...config("data/b.json"), workerUrl: "assets/worker-2.js" }), false);
  assert.equal(sameRuntime(config("data/a.json"), null), false);
});

const here = new URL("https://course.example/ml/vae_elbo_loss.html");
const link = (href, attributes = {}) => ({ href: new URL(href, here).href, target: attributes.target || "",
                                          hasAttribute: (name) => name in attributes });
const click = (extra = {}) => ({ defaultPrevented: false, button: 0, metaKey: false, ctrlKey: false, shiftKey: false,
                                 altKey: false, ...extra });

test("a plain click on another problem page of the site swaps; anything else navigates", () => {
  assert.equal(swappable(link("active_units.html"), click(), here), true);
  assert.equal(swappable(link("index.html"), click(), here), false);
  assert.equal(swappable(link("vae_elbo_loss.html"), click(), here), false);        // this page
  assert.equal(swappable(link("https://other.example/ml/a.html"), click(), here), false);
  assert.equal(swappable(link("../other/a.html"), click(), here), false);           // another folder
  assert.equal(swappable(link("assets/style.css"), click(), here), false);
  assert.equal(swappable(link("active_units.html"), click({ ctrlKey: true }), here), false);   // new tab
  assert.equal(swappable(link("active_units.html"), click({ button: 1 }), here), false);
  assert.equal(swappable(link("active_units.html", { target: "_blank" }), click(), here), false);
  assert.equal(swappable(link("active_units.html", { download: "" }), click(), here), false);
  assert.equal(swappable(null, click(), here), false);
});
