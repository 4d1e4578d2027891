"""What statements carry beyond Markdown and TeX, as notebooks do: images and a safe subset
of HTML (tables).

- An image, `![what it shows](figure.png)`, is a file in the problem's exercise/SLUG/ folder
  (png, jpg, gif, webp or svg). Its alt text is required (a reader who cannot see it reads
  that instead), nothing outside the site is fetched, and it ships under a content name,
  `assets/statement/NAME.HASH.EXT`, so a host may cache it forever.
- Raw HTML may use only the tags of tables and simple text markup (ALLOWED). The page gets
  it re-written from what was parsed: allowed tags with their allowed attributes, text
  escaped, comments dropped; any other tag or attribute (a script, an event handler, a
  style) is refused by `check`, naming it and its line.
"""
from __future__ import annotations

import hashlib
import html
from html.parser import HTMLParser
from pathlib import Path

IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"}
IMAGE_FOLDER = "assets/statement"
SPANS = {"colspan", "rowspan"}
ALLOWED: dict[str, set[str]] = {
    "table": set(), "caption": set(), "thead": set(), "tbody": set(), "tfoot": set(), "tr": set(),
    "th": SPANS | {"scope"}, "td": SPANS, "br": set(), "p": set(), "b": set(), "i": set(), "em": set(),
    "strong": set(), "code": set(), "sub": set(), "sup": set(),
}
VOID = {"br"}


class MediaError(ValueError):
    """An image or a piece of HTML a statement may not carry; the message names it and the fix."""


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            raise MediaError(f"the HTML tag <{tag}> is not allowed in a statement: allowed are "
                             f"{', '.join(sorted(ALLOWED))}; use Markdown for the rest (images: ![alt](file.png))")
        kept = []
        for name, value in attrs:
            if name not in ALLOWED[tag] or (name in SPANS and not (value or "").isdigit()):
                raise MediaError(f"the attribute `{name}` of <{tag}> is not allowed in a statement "
                                 f"(allowed: {', '.join(sorted(ALLOWED[tag])) or 'none'}; spans are whole numbers)")
            kept.append(f' {name}="{html.escape(value or "")}"')
        self.out.append(f"<{tag}{''.join(kept)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ALLOWED:
            raise MediaError(f"the HTML tag </{tag}> is not allowed in a statement")
        if tag not in VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        pass   # an author's note, never shipped

    def handle_decl(self, decl: str) -> None:
        raise MediaError(f"<!{decl}> is not allowed in a statement")

    def handle_pi(self, data: str) -> None:
        raise MediaError(f"<?{data}> is not allowed in a statement")

    def unknown_decl(self, data: str) -> None:
        raise MediaError(f"<![{data}]> is not allowed in a statement")


def sanitize(fragment: str) -> str:
    """`fragment` of raw HTML re-written from its parse: allowed tags and attributes only,
    text escaped. Raises MediaError naming the first thing not allowed."""
    parser = _Sanitizer()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.out)


def image_file(src: str, alt: str, problem_dir: Path) -> Path:
    """The file an image of a statement names, checked: alt text, a local file of an image
    type inside the problem's folder. Raises MediaError with the fix."""
    if not alt.strip():
        raise MediaError(f"the image `{src}` has no alt text: write what it shows, ![a plot of the loss](…)")
    if "://" in src or src.startswith(("//", "/", "data:")):
        raise MediaError(f"the image `{src}` is not a file of the problem: a page fetches nothing from "
                         "elsewhere; save it in the problem's folder and write its name, ![alt](figure.png)")
    path = (problem_dir / src).resolve()
    if not path.is_relative_to(problem_dir.resolve()):
        raise MediaError(f"the image `{src}` lies outside the problem's folder: move it into {problem_dir.name}/")
    if path.suffix.lower() not in IMAGE_TYPES:
        raise MediaError(f"`{src}` is not an image the page can show: use {', '.join(sorted(IMAGE_TYPES))}")
    if not path.is_file():
        raise MediaError(f"the image `{src}` does not exist in {problem_dir.name}/: add it, or fix the name")
    return path


def shipped_image_url(path: Path) -> str:
    """The content-named URL an image ships under, relative to the site's root."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    return f"{IMAGE_FOLDER}/{path.stem}.{digest}{path.suffix.lower()}"
