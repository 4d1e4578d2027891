// Inline in <head>, so the page never flashes the wrong theme. A choice made with the
// toggle is remembered in this browser; without one the system's preference rules.
(function () {
  var KEY = "exercise:theme";
  var root = document.documentElement;
  var media = window.matchMedia("(prefers-color-scheme: dark)");
  var chosen = null;
  try { chosen = localStorage.getItem(KEY); } catch (e) {}
  function current() { return chosen === "dark" || chosen === "light" ? chosen : (media.matches ? "dark" : "light"); }
  function apply() {
    var theme = current();
    root.dataset.theme = theme;
    root.style.colorScheme = theme;
    var button = document.querySelector("[data-testid=theme]");
    if (button) button.setAttribute("aria-pressed", String(theme === "dark"));
    document.dispatchEvent(new CustomEvent("exercise:theme", { detail: theme }));
  }
  apply();
  media.addEventListener("change", apply);
  document.addEventListener("DOMContentLoaded", apply);
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest("[data-testid=theme]")) return;
    chosen = current() === "dark" ? "light" : "dark";
    try { localStorage.setItem(KEY, chosen); } catch (e) {}
    apply();
  });
})();
