"""Issue 31: hints are Markdown with math, rendered and checked like the statement: KaTeX
typesets them at build time, raw HTML passes only in the statements' safe subset, and a
formula KaTeX refuses or a tag outside the subset is a `check` error at the hint's line of
problem.toml."""
from __future__ import annotations

from projects import as_printed, link_build_inputs, write_problem

from exercisekit.check import check_all
from exercisekit.site.build import build_site


def double(root, hints: str):
    write_problem(root, "double", names={"test_two": "Doubles two"},
                  tests="from double import double\n\n\ndef test_two():\n    assert double(2) == 4\n",
                  reference="def double(x):\n    return 2 * x\n", wrong={"same": "def double(x):\n    return x\n"})
    meta = root / "exercise" / "double" / "problem.toml"
    meta.write_text(meta.read_text().replace('function = "double"\n', f'function = "double"\nhints = [\n{hints}]\n'))
    return root


def test_a_hint_with_broken_math_is_an_error_at_its_line(tmp_path):
    double(tmp_path, '    "Fine: multiply by $2$.",\n    "Broken: $\\\\frac{x}{$.",\n')
    (report,) = as_printed(check_all(tmp_path, pyodide=False), tmp_path)
    (error,) = report.errors
    assert (str(error.file), error.line) == ("exercise/double/problem.toml", 6)
    assert "cannot parse" in error.message and "fix the TeX" in error.fix


def test_a_hint_with_a_tag_outside_the_safe_subset_is_an_error_at_its_line(tmp_path):
    double(tmp_path, '    "Fine.",\n    "Click <a onclick=\\"steal()\\">here</a>.",\n')
    (report,) = as_printed(check_all(tmp_path, pyodide=False), tmp_path)
    (error,) = report.errors
    assert (str(error.file), error.line) == ("exercise/double/problem.toml", 6)
    assert "not allowed" in error.message


def test_a_hint_shows_typeset_math_code_and_only_safe_html(tmp_path):
    project = link_build_inputs(double(tmp_path / "course", '    "Return $2x$, with `2 * x`. <b>bold?</b>",\n'))
    page = (build_site(project, tmp_path / "site").out / "double.html").read_text()
    hint = page.split("<strong>Hint 1 of 1</strong>", 1)[1].split("</li>", 1)[0]
    assert "katex" in hint and "<code>2 * x</code>" in hint
    assert "<b>bold?</b>" in hint and "<p>" not in hint   # the statements' safe subset
