"""Rendering: statements (Markdown with TeX math, turned into MathML at build time) and pages."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from latex2mathml.converter import convert as tex_to_mathml
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from .errors import ProblemError
from .problems import Problem, relative

# latex2mathml passes unknown commands through as identifiers instead of failing.
UNKNOWN_COMMAND = re.compile(r"<mi>(\\[A-Za-z]+)</mi>")
DIFFICULTY_RANK = {"Easy": 0, "Medium": 1, "Hard": 2}


class MathError(ValueError):
    """TeX that cannot be turned into MathML."""


def render_math(tex: str, display: bool) -> str:
    """MathML for one formula; raises MathError when the TeX does not parse."""
    try:
        mathml = tex_to_mathml(tex, display="block" if display else "inline")
    except Exception as exc:  # the converter raises many unrelated types on bad input
        raise MathError(f"cannot parse ${tex}$ ({type(exc).__name__}: {exc})") from exc
    unknown = UNKNOWN_COMMAND.search(mathml)
    if unknown:
        raise MathError(f"unknown TeX command {unknown.group(1)} in ${tex}$")
    return mathml


MATH_TOKENS = {"math_inline": False, "math_inline_double": True, "math_block": True}


def _math_html(tex: str, display: bool) -> str:
    try:
        mathml = render_math(tex, display)
    except MathError:  # reported with its line by math_errors(); never shipped by a build
        return f"<code>{html.escape(tex)}</code>"
    return f'<div class="math-display">{mathml}</div>\n' if display else mathml


def markdown_renderer() -> MarkdownIt:
    """CommonMark plus tables and $...$ / $$...$$ math. Raw HTML is not passed through."""
    # allow_digits=False: "$8 and $6" is prose with two dollar signs, never a formula
    # (it is then reported by `lone_dollars`).
    md = MarkdownIt("commonmark", {"html": False}).enable("table").use(dollarmath_plugin, double_inline=True,
                                                                        allow_digits=False)
    md.disable("text_join")   # keeps an escaped `\$` a token of its own, told apart from a bare one
    md.add_render_rule("text_special", lambda self, tokens, idx, options, env: html.escape(tokens[idx].content))
    for name, display in MATH_TOKENS.items():
        md.add_render_rule(name, lambda self, tokens, idx, options, env, d=display: _math_html(tokens[idx].content, d))
    return md


def math_errors(tokens) -> list[tuple[int | None, str]]:
    """(line, message) for every formula that does not parse; lines are 1-based."""
    errors = []
    for token in tokens:
        line = token.map[0] + 1 if token.map else None
        for part in [token, *(token.children or [])]:
            if part.type in MATH_TOKENS:
                try:
                    render_math(part.content, MATH_TOKENS[part.type])
                except MathError as exc:
                    errors.append((line, str(exc)))
    return errors


def lone_dollars(tokens) -> list[int | None]:
    """Lines with a dollar sign in prose that is not part of a formula. An escaped one
    (`\\$`) is a separate token and is fine; inline code is not prose."""
    return [token.map[0] + 1 if token.map else None for token in tokens if token.type == "inline"
            for child in token.children or [] if child.type == "text" and "$" in child.content]


def render_statement(problem: Problem, root: Path, md: MarkdownIt | None = None) -> str:
    """HTML of a problem's statement. Math that does not parse, and a dollar sign that is
    neither math nor escaped, raise a ProblemError with its line."""
    md = md or markdown_renderer()
    tokens = md.parse(problem.statement)
    where = relative(problem.statement_path, root)
    errors = math_errors(tokens)
    if errors:
        line, message = errors[0]
        raise ProblemError(where, message, "fix the TeX (standard LaTeX math commands are supported)", line=line)
    dollars = lone_dollars(tokens)
    if dollars:
        raise ProblemError(where, "a dollar sign in prose is neither a formula nor escaped",
                           "write \\$ for a literal dollar sign (\\$8 and \\$6), or close the formula: $...$",
                           line=dollars[0])
    return md.renderer.render(tokens, md.options, {})


@dataclass(frozen=True)
class ProblemView:
    """A problem as the templates see it: its fields, plus its rendered statement and URLs."""

    problem: Problem
    statement_html: str

    def __getattr__(self, name: str):
        return getattr(self.problem, name)

    @property
    def url(self) -> str:
        return f"{self.problem.slug}.html"

    @property
    def data_url(self) -> str:
        return f"data/{self.problem.slug}.json"

    @property
    def display_names(self) -> list[str]:
        """The hidden tests' names as learners see them, in order."""
        return list(self.problem.test_names.values())


def path_order(problems: list[Problem]) -> list[Problem]:
    """Problems ordered as a learning path: prerequisites first, then easier, then by slug."""
    remaining = {p.slug: p for p in problems}
    done: set[str] = set()
    ordered: list[Problem] = []
    while remaining:
        ready = [p for p in remaining.values() if all(d in done or d not in remaining and d not in
                                                       {q.slug for q in problems} for d in p.prerequisites)]
        # A cycle leaves nothing ready; fall back to the easiest so every problem is still listed.
        pick = min(ready or remaining.values(), key=lambda p: (DIFFICULTY_RANK[p.difficulty], p.slug))
        ordered.append(pick)
        done.add(pick.slug)
        del remaining[pick.slug]
    return ordered


def template_environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(templates), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
