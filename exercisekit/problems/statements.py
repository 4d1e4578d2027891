"""Statements: Markdown with TeX math, typeset by KaTeX at build time, and the Try-it
snippet made from a statement's Example. `check` renders every statement, so a formula
KaTeX refuses is an error before any page is built."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from ..errors import ProblemError
from ..node import run_node
from ..toolhome import tool_root
from .example import example_blocks
from .model import Problem
from .statement_media import MediaError, image_file, sanitize, shipped_image_url

MATH_SCRIPT = Path("web/node/render_math.mjs")
# KaTeX's messages underline the offending characters with combining marks; drop them.
COMBINING_LOW_LINE = "\u0332"
UNCLOSED_TEXT = re.compile(r"\\(?:text|mbox|textrm|textit|textbf|mathrm)\{")
UNDEFINED_COMMAND = re.compile(r"Undefined control sequence: (\\[A-Za-z]+)")


class MathError(ValueError):
    """TeX that KaTeX refuses; `position` is the offset in the TeX where it stopped."""

    def __init__(self, message: str, position: int | None = None):
        super().__init__(message)
        self.position = position


class Typesetter:
    """KaTeX under Node, with a memory: (tex, display) -> HTML or MathError. One Node
    process typesets many formulas, so callers hand it all they will need at once
    (`prepare_statements`); each Markdown renderer owns one."""

    def __init__(self) -> None:
        self.done: dict[tuple[str, bool], str | MathError] = {}

    def typeset(self, formulas: list[tuple[str, bool]]) -> None:
        """Typeset every formula not seen before, in one Node process."""
        todo = sorted({f for f in formulas if f not in self.done})
        if not todo:
            return
        request = {"formulas": [{"tex": tex, "display": display} for tex, display in todo]}
        answers = json.loads(run_node(MATH_SCRIPT, request, tool_root(), timeout=120))
        for key, answer in zip(todo, answers):
            self.done[key] = answer["html"] if "html" in answer else _math_error(key[0], answer, key[1])

    def render(self, tex: str, display: bool) -> str:
        """KaTeX's HTML for one formula; raises MathError when KaTeX refuses the TeX."""
        self.typeset([(tex, display)])
        done = self.done[(tex, display)]
        if isinstance(done, MathError):
            raise done
        return done


def _math_error(tex: str, answer: dict, display: bool = False) -> MathError:
    unclosed = next((m for m in UNCLOSED_TEXT.finditer(tex) if tex.count("{", m.start()) > tex.count("}", m.start())),
                    None)
    if unclosed and not display:
        # `$a \text{ if $x$ }$`: Markdown ends the inline formula at the `$` inside \text{}. A
        # display block ($$...$$) is kept whole, so there an unclosed \text{ is only unfinished.
        return MathError(f"a `$` inside `{unclosed.group(0)}...}}` ends the inline formula early (`${tex}$`): "
                         f"write the math outside the text, `\\text{{ if }} x`, not `\\text{{ if $x$}}`, or "
                         "put the formula in a display block ($$...$$), where it is kept whole", unclosed.start())
    message = answer["error"].replace(COMBINING_LOW_LINE, "").removeprefix("KaTeX parse error: ")
    unknown = UNDEFINED_COMMAND.match(message)
    position = answer.get("position")
    if position is not None:   # "at end of input": point at the formula's last character
        position = min(position, max(len(tex.rstrip()) - 1, 0))
    tex_line = _line_at(tex, position)
    return MathError(f"unknown TeX command {unknown.group(1)} in `{tex_line}`" if unknown
                     else f"cannot parse `{tex_line}`: {message}", position)


def _line_at(tex: str, position: int | None) -> str:
    """The line of a formula where KaTeX stopped (the whole formula, on one line, if unknown)."""
    if position is None:
        return " ".join(tex.split())
    start = tex.rfind("\n", 0, position) + 1
    end = tex.find("\n", position)
    return tex[start:end if end >= 0 else None].strip()


MATH_TOKENS = {"math_inline": False, "math_inline_double": True, "math_block": True}


def _math_html(typesetter: Typesetter, tex: str, display: bool) -> str:
    try:
        mathml = typesetter.render(tex, display)
    except MathError:  # reported with its line by math_errors(); never shipped by a build
        return f"<code>{html.escape(tex)}</code>"
    return f'<div class="math-display">{mathml}</div>\n' if display else mathml


def formulas(tokens) -> list[tuple[str, bool]]:
    return [(part.content, MATH_TOKENS[part.type]) for token in tokens
            for part in [token, *(token.children or [])] if part.type in MATH_TOKENS]


class StatementRenderer(MarkdownIt):
    """A Markdown renderer with the typesetter its math rules write through."""

    typesetter: Typesetter


def prepare_statements(problems: list[Problem], md: StatementRenderer | None = None) -> None:
    """Typeset the math of many statements (and their hints) in one Node process (one per
    statement is slow)."""
    md = md or markdown_renderer()
    md.typesetter.typeset([f for problem in problems for text in (problem.statement, *problem.hints)
                           for f in formulas(md.parse(text))])


def _html_rule(self, tokens, idx, options, env) -> str:
    """Raw HTML re-written by the sanitizer (statement_media.py); what it refuses is shown as
    text here and reported by `media_errors`, so no build ships it."""
    try:
        return sanitize(tokens[idx].content)
    except MediaError:
        return html.escape(tokens[idx].content)


def _image_rule(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    alt = html.escape(token.content)
    try:
        url = shipped_image_url(image_file(str(token.attrGet("src")), token.content, env["problem_dir"]))
    except (MediaError, KeyError):   # reported by `media_errors`; never shipped by a build
        return f"<code>{alt}</code>"
    return f'<img src="{html.escape(url)}" alt="{alt}" loading="lazy">'


def markdown_renderer() -> StatementRenderer:
    """CommonMark plus tables, $...$ / $$...$$ math, images of the problem's folder and a
    safe subset of raw HTML (statement_media.py)."""
    # allow_digits=False: "$8 and $6" is prose with two dollar signs, never a formula
    # (it is then reported by `lone_dollars`).
    md = StatementRenderer("commonmark", {"html": True})
    for rule in ("html_block", "html_inline"):
        md.add_render_rule(rule, _html_rule)
    md.add_render_rule("image", _image_rule)
    md.enable("table").use(dollarmath_plugin, double_inline=True, allow_digits=False)
    md.disable("text_join")   # keeps an escaped `\$` a token of its own, told apart from a bare one
    md.add_render_rule("text_special", lambda self, tokens, idx, options, env: html.escape(tokens[idx].content))
    md.typesetter = Typesetter()
    for name, display in MATH_TOKENS.items():
        md.add_render_rule(name, lambda self, tokens, idx, options, env, d=display:
                           _math_html(md.typesetter, tokens[idx].content, d))
    return md


def math_errors(tokens, source: str, typesetter: Typesetter) -> list[tuple[int | None, int | None, str]]:
    """(line, column, message) for every formula that does not parse, 1-based, pointing at
    where KaTeX stopped when it says (else at the formula's first line)."""
    errors = []
    lines = source.splitlines()
    for token in tokens:
        first = token.map[0] if token.map else None
        for part in [token, *(token.children or [])]:
            if part.type not in MATH_TOKENS:
                continue
            try:
                typesetter.render(part.content, MATH_TOKENS[part.type])
            except MathError as exc:
                errors.append((*_where_in_source(lines, first, part, exc.position), str(exc)))
    return errors


def _where_in_source(lines: list[str], first: int | None, part, position: int | None) -> tuple[int | None, int | None]:
    """The 1-based line and column in the statement of `position` inside a formula."""
    if first is None:
        return None, None
    if position is None:
        return first + 1, None
    # Find the formula's TeX in the source from its block's first line, then count within it.
    text = "\n".join(lines[first:])
    start = text.find(part.content)
    if start < 0:
        return first + 1, None
    offset = start + position
    return first + 1 + text.count("\n", 0, offset), offset - (text.rfind("\n", 0, offset) + 1) + 1


BREAKS = ("softbreak", "hardbreak")


def lone_dollars(tokens, source: str) -> list[tuple[int | None, int | None]]:
    """(line, column), 1-based, of each dollar sign in prose that is not part of a formula.
    An escaped one (`\\$`) is a separate token and is fine; inline code is not prose.

    A paragraph's token knows only its first line: the line of the `$` inside it is counted
    from the line breaks before it (and those inside inline math), then confirmed in the
    source, where the text from the `$` on must appear (inline code that spans lines loses
    its line breaks, so the count may fall short: the source decides)."""
    lines = source.splitlines()
    found: list[tuple[int | None, int | None]] = []
    for token in tokens:
        if token.type != "inline":
            continue
        if not token.map:
            found += [(None, None) for child in token.children or [] if child.type == "text" and "$" in child.content]
            continue
        first, end = token.map
        offset = 0
        for child in token.children or []:
            if child.type in BREAKS:
                offset += 1
            elif child.type in MATH_TOKENS:
                offset += child.content.count("\n")
            elif child.type == "text" and "$" in child.content:
                found.append(_dollar_in_source(lines, first, end, first + offset, child.content))
    return found


def _dollar_in_source(lines: list[str], first: int, end: int, guess: int, text: str) -> tuple[int, int | None]:
    """The 1-based line and column of the lone `$` of `text` (a text token: one line of
    prose) in the block's lines [first, end) (0-based), looked for from the line `guess`
    on; `guess` itself when the source does not show it (entities and escapes are decoded
    in `text`)."""
    whole = text.strip()
    tail = text[text.index("$"):].strip()
    for needle, dollar in ((whole, whole.index("$")), (tail, 0)):
        for number in [*range(guess, min(end, len(lines))), *range(first, min(guess, len(lines)))]:
            at = lines[number].find(needle)
            if at >= 0:
                return number + 1, at + dollar + 1
    return guess + 1, None


def render_statement(problem: Problem, md: StatementRenderer | None = None) -> str:
    """HTML of a problem's statement. Math that does not parse, and a dollar sign that is
    neither math nor escaped, raise a ProblemError with its line."""
    return render_markdown(problem.statement, problem.statement_path, md, media_dir=problem.statement_path.parent)


def render_hints(problem: Problem, md: StatementRenderer | None = None) -> tuple[str, ...]:
    """HTML of each hint: Markdown with math, rendered and checked like the statement (an
    error names problem.toml and the hint's line there). A one-paragraph hint loses its <p>,
    so it reads on one line after "Hint 1 of 3"."""
    md = md or markdown_renderer()
    source = problem.metadata_path.read_text(encoding="utf-8") if problem.metadata_path.is_file() else ""
    rendered = []
    for hint in problem.hints:
        html_text = render_markdown(hint, problem.metadata_path, md, _line_of_text(source, hint))
        inner = html_text.strip()
        if inner.startswith("<p>") and inner.endswith("</p>") and inner.count("<p>") == 1:
            inner = inner[3:-4]
        rendered.append(inner)
    return tuple(rendered)


def _line_of_text(source: str, text: str) -> int:
    """The 1-based line of `source` where `text` (a TOML string's value) starts, by its first
    words (escapes may differ after them); the first line when it is not found."""
    head = re.split(r'[\\"\n]', text.strip())[0][:24]   # TOML escapes what follows a backslash or quote
    for number, line in enumerate(source.splitlines(), 1):
        if head and head in line:
            return number
    return 1


def render_markdown(text: str, where: Path | str, md: StatementRenderer | None = None, first_line: int = 1,
                    media_dir: Path | None = None) -> str:
    """HTML of Markdown with math written by an author (a statement, course.toml's intro):
    raw HTML only in the safe subset (statement_media.py), images only of `media_dir` (a
    problem's folder); math that does not parse, a lone dollar sign, an image or HTML that may
    not be shown is a ProblemError naming `where` and the line, counted from `first_line`."""
    md = md or markdown_renderer()
    tokens = md.parse(text)
    md.typesetter.typeset(formulas(tokens))
    shift = first_line - 1
    errors = math_errors(tokens, text, md.typesetter)
    if errors:
        line, column, message = errors[0]
        raise ProblemError(where, message,
                           "fix the TeX (KaTeX supports standard LaTeX math; see its list of supported functions)",
                           line=line + shift if line else None, column=column)
    dollars = lone_dollars(tokens, text)
    if dollars:
        line, column = dollars[0]
        raise ProblemError(where, "a dollar sign in prose is neither a formula nor escaped",
                           "write \\$ for a literal dollar sign (\\$8 and \\$6), or close the formula: $...$",
                           line=line + shift if line else None, column=column)
    for line, message in media_errors(tokens, media_dir):
        raise ProblemError(where, message, "see AUTHORING.md, \"Images and tables in statements\"",
                           line=line + shift if line else None)
    return md.renderer.render(tokens, md.options, {"problem_dir": media_dir} if media_dir else {})


def media_errors(tokens, problem_dir: Path | None) -> list[tuple[int | None, str]]:
    """(1-based line, message) of each image or piece of raw HTML a text may not carry;
    without a problem's folder (course.toml's texts) no image may be shown, as none ships."""
    errors = []
    for token in tokens:
        line = token.map[0] + 1 if token.map else None
        for part in [token, *(token.children or [])]:
            try:
                if part.type in ("html_block", "html_inline"):
                    sanitize(part.content)
                elif part.type == "image":
                    if problem_dir is None:
                        raise MediaError(f"the image `{part.attrGet('src')}` cannot be shown here: "
                                         "images ship with a problem's statement only")
                    image_file(str(part.attrGet("src")), part.content, problem_dir)
            except MediaError as exc:
                errors.append((line, str(exc)))
    return errors


def statement_images(problem: Problem, md: StatementRenderer | None = None) -> dict[str, Path]:
    """Content-named URL -> file of every image the statement shows (for the build to copy)."""
    md = md or markdown_renderer()
    found = {}
    for token in md.parse(problem.statement):
        for part in token.children or []:
            if part.type == "image":
                path = image_file(str(part.attrGet("src")), part.content, problem.statement_path.parent)
                found[shipped_image_url(path)] = path
    return found


ASSIGNMENT = re.compile(r"\b([A-Za-z_]\w*)\s*=(?!=)")
LOG_OF_NUMBER = re.compile(r"\blog\s+(\d+(?:\.\d+)?)")


def signature_parameters(signature: str) -> list[str]:
    """The parameter names of a signature like `f(x, y: float = 1) -> float`, in order.

    `signature` is free text shown above the editor (`class Zipper`, or a sentence, is
    fine): without a parenthesised parameter list there are no parameters. Bare `*` and `/`
    are dropped and `*args` / `**kwargs` keep only their name."""
    opened = signature.find("(")
    closed = signature.find(")", opened + 1)
    if opened < 0 or closed < 0:
        return []
    names = []
    for part in signature[opened + 1:closed].split(","):
        name = part.split("=", 1)[0].split(":", 1)[0].strip().lstrip("*").strip()
        if name.isidentifier():
            names.append(name)
    return names


def example_values(lines: list[str]) -> dict[str, tuple[str, int]]:
    """The `name = value` assignments of an Example's block (several on a line are fine,
    `# comments` are dropped): name -> (the value as Python, `log 4` as `np.log(4)`; the
    0-based index of its line). The first assignment of a name counts."""
    values: dict[str, tuple[str, int]] = {}
    for index, line in enumerate(lines):
        line = line.split("#", 1)[0]
        found = list(ASSIGNMENT.finditer(line))
        for here, after in zip(found, found[1:] + [None]):
            text = line[here.end():after.start() if after else None].strip().rstrip(",").strip()
            values.setdefault(here.group(1), (LOG_OF_NUMBER.sub(r"np.log(\1)", text), index))
    return values


def doctest_source(block: str) -> str | None:
    """The Python of a doctest-style block (`>>> ` and `... ` lines, without the outputs),
    or None for a block with no `>>>` line."""
    lines = block.splitlines()
    if not any(line.lstrip().startswith(">>>") for line in lines):
        return None
    source = []
    for line in lines:
        stripped = line.lstrip()
        for prompt in (">>>", "..."):
            if stripped == prompt or stripped.startswith(prompt + " "):
                source.append(stripped[len(prompt) + 1:])
    return "\n".join(source)


def example_snippet(problem: Problem) -> str:
    """A Try-it snippet from the statement's example: the signature's arguments set to the
    example's values (lists become arrays (integers stay integers), `log 4` becomes np.log(4)), then the call.
    Without a usable example, a call the learner completes."""
    if problem.kind == "script":   # no function to call: the names the code made are in scope
        return "import numpy as np\n\n# the given names and those your code defines are in scope here\n" \
               "sorted(name for name in dir() if not name.startswith('_'))"
    name = problem.function
    params = signature_parameters(problem.signature)
    fallback = f"import numpy as np\n\n{name}()  # put the arguments here"
    blocks = example_blocks(problem.statement)   # the one reader of the section (example.py)
    block = blocks[0].text if blocks else None
    source = doctest_source(block) if block is not None else None
    if block is not None and name in (source or block):
        # An example that is already Python (a class problem's, say; doctest lines without
        # their outputs) is the snippet itself.
        verbatim = "import numpy as np\n\n" + (source or block).strip() + "\n"
        try:
            compile(verbatim, "<example>", "exec")
            return verbatim
        except SyntaxError:
            pass
    if block is None or not params:
        return fallback
    values = example_values(block.splitlines())
    if not all(p in values for p in params):
        return fallback
    lines = ["import numpy as np", ""]
    for param in params:
        value = values[param][0]
        lines.append(f"{param} = np.array({value})" if value.startswith("[") else f"{param} = {value}")
    lines.append(f"{name}({', '.join(params)})")
    snippet = "\n".join(lines)
    try:
        compile(snippet, "<example>", "exec")
    except SyntaxError:
        return fallback
    return snippet
