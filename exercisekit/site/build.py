"""`build_site.py build`: check the problems, then write the static site, atomically.

The pipeline: load and check every problem -> vendor the runtime (Pyodide, numpy, pytest)
-> bundle the front end -> render one page per problem and the index -> swap the new
site into place. Everything is written to a staging folder first, so a build that fails
at any step leaves the previous site untouched.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..assets.packages import locked_wheels
from ..assets.vendor import shipped_wheel_name, vendor_runtime
from ..check import ProblemReport, check_all, format_report
from ..errors import ProblemError
from ..problems.course import course_texts_html, load_course
from ..problems.data import problem_data, shipped_sweeps
from ..problems.model import Problem, ProblemTrees
from ..problems.statements import (
    markdown_renderer,
    prepare_statements,
    render_hints,
    render_statement,
    statement_images,
)
from ..project import Project
from ..runtime.contract import PageConfig, TrackLink, TrackSteps
from .frontend import build_frontend
from .offline import SW_URL, content_named_data_url, write_service_worker
from .views import PrerequisiteLink, ProblemView, course_order, template_environment


class BuildError(Exception):
    """The build stopped; the previous site is untouched. The message lists every cause."""


# What postMessage accepts as a target: "*", or a scheme, host and optional port, no path.
ORIGIN = re.compile(r"^https?://([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(:\d{1,5})?$")


def embed_origin_checked(origin: str) -> str:
    """The origin embedded pages post their results to: "*" (any parent) or one origin,
    such as https://course.example.org. Raises BuildError for anything else."""
    origin = origin.strip().rstrip("/")
    if origin != "*" and not ORIGIN.match(origin):
        raise BuildError(f"--embed-origin {origin!r} is not an origin: give \"*\" or a scheme and host, "
                         "like https://course.example.org (with :port if any, and no path)")
    return origin


@dataclass(frozen=True)
class BuildResult:
    out: Path
    problems: tuple[str, ...]
    broken: dict[str, list[ProblemError]] = field(default_factory=dict)  # only when not strict


def checked_problems(project: Project, strict: bool, only: list[str] | None = None
                     ) -> tuple[list[ProblemReport], list[ProblemReport]]:
    """Check reports of the problems that pass and of those that fail, both legs (CPython
    and Pyodide), exactly as `check` runs them; unchanged problems come from the cache.

    When `strict`, any failure is a BuildError (a site never ships a problem that fails check).
    """
    reports = check_all(project, only, cache_dir=project.check_cache)
    bad = [r for r in reports if not r.ok]
    if bad and strict:
        raise BuildError("these problems fail `check`:\n\n" + "\n\n".join(format_report(r, project) for r in bad))
    if not reports:
        raise BuildError("no problems found under exercise/; create one with `python build_site.py new SLUG`")
    return [r for r in reports if r.ok], bad


def write_error_pages(stage: Path, project: Project, broken: list[ProblemReport]) -> None:
    """In preview only: a page per failing problem, showing why it fails check."""
    template = template_environment(project.tool / "web" / "templates").get_template("error.html")
    for report in broken:
        page = template.render(slug=report.slug, report=format_report(report, project))
        (stage / f"{report.slug}.html").write_text(page, encoding="utf-8")


def vendor_packages(stage: Path, project: Project, problem: Problem) -> list[str]:
    """Copy the wheels of the problem's extra packages (verified against packages.lock.json)
    into the site; their relative URLs. Each is shipped as NAME-VERSION-TAGS.HASH.zip
    (vendor.shipped_wheel_name: never a `.whl` path, which some proxies refuse), so a URL
    never changes its content."""
    urls = []
    for wheel in locked_wheels(project, problem.packages, problem.metadata_path):
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()[:10]
        # A shared library of Pyodide's lock (libopenblas-0.3.26.zip) is marked `.dynlib.zip`:
        # the worker unpacks it into /usr/lib, where the compiled modules that need it look.
        name = shipped_wheel_name(wheel.name, digest) if wheel.suffix == ".whl" else \
            f"{wheel.name.removesuffix('.zip')}.{digest}.dynlib.zip"
        target = stage / "assets" / "packages" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(wheel, target)
        urls.append(f"assets/packages/{name}")
    return urls


def page_config(report: ProblemReport, view, assets: dict, runtime, package_wheels: list[str], data_url: str,
                service_worker: bool, embed_origin: str = "*", data_sha256: str = "") -> PageConfig:
    """What a problem page's script needs, embedded in the page as JSON. URLs are relative
    to the site root; the page makes every value of "runtime" absolute for the worker. `serviceWorker` is null
    when the build opts out: the page then removes one installed by an earlier build.
    `data_sha256` is the full SHA-256 of the problem's data, which the worker checks."""
    problem = report.loaded
    return {
        "slug": problem.slug,
        "starter": problem.starter,
        "timeLimit": problem.time_limit,
        "expected": report.expected,
        "workerUrl": assets["worker.js"],
        "plotUrl": assets["plot.js"],
        "plotCss": assets["uplot.css"],
        # The reference's curves (runtime/sweeps.py); the learner's are computed in the worker.
        "sweeps": shipped_sweeps(report.probes),
        "serviceWorker": SW_URL if service_worker else None,
        "embedOrigin": embed_origin,   # where a page inside an iframe posts its results (embed.mjs)
        "runtime": {
            "pyodideDir": runtime.pyodide_dir,
            "numpyWheel": runtime.numpy_wheel,
            "testWheels": list(runtime.test_wheels),
            "packageWheels": package_wheels,   # only the packages this problem asks for
            "dataUrl": data_url,   # content-named: data/SLUG.HASH.json
            "runtimeUrl": assets["runtime.zip"],
        },
        # Not a URL, so kept out of "runtime" (whose every value the page makes absolute):
        # the worker refuses data whose SHA-256 is not this one.
        "dataSha256": data_sha256,
    }


def track_steps(slug: str, tracks: list) -> list[TrackSteps]:
    """For a problem page: each track (name, views) holding `slug`, with the problems before
    and after it there ({url, title}, or None at either end). The page's *Next* follows the
    track the learner came from (web/static/track_nav.mjs); the built links follow the path."""
    steps: list[TrackSteps] = []
    for name, track in tracks:
        slugs = [view.slug for view in track]
        if slug not in slugs:
            continue
        at = slugs.index(slug)
        steps.append(TrackSteps(name=name, prev=_track_step(track, at - 1), next=_track_step(track, at + 1)))
    return steps


def _track_step(track: list, at: int) -> TrackLink | None:
    """The link to the problem at `at` on the track, or None past either end."""
    return TrackLink(url=track[at].url, title=track[at].title) if 0 <= at < len(track) else None


def unrenderable(problem: Problem, exc: Exception) -> ProblemError:
    """Why one problem's page could not be rendered, naming its files; never a crash of the
    whole build. `check` accepts only what renders, so this is a bug to report too."""
    if isinstance(exc, ProblemError):
        return exc
    return ProblemError(problem.metadata_path,
                        f"its page could not be rendered ({type(exc).__name__}: {exc})",
                        "check the fields of problem.toml and the statement; if they look right, report this as "
                        "a bug of the tool with this problem attached")


def write_pages(stage: Path, project: Project, reports: list[ProblemReport], assets: dict, runtime,
                service_worker: bool, embed_origin: str = "*") -> dict[str, list[ProblemError]]:
    """Write every problem's page and data, and the index. A problem whose page cannot be
    rendered is left out (with the others' links to it) and returned with why."""
    env = template_environment(project.tool / "web" / "templates")
    md = markdown_renderer()
    prepare_statements([r.loaded for r in reports], md)
    course = load_course(project.root)
    # Every page's header and footer are the course's (base.html).
    env.globals.update(course=course, course_html=course_texts_html(course, md))
    on_site = {r.slug: r.loaded for r in reports}

    def links(problem) -> tuple[PrerequisiteLink, ...]:
        return tuple(PrerequisiteLink(on_site[s].title, f"{s}.html") if s in on_site else PrerequisiteLink(s, None)
                     for s in problem.prerequisites)

    def page(report, view, config, prev=None, next=None) -> str:
        return env.get_template("problem.html").render(problem=view, assets=assets, config=config, prev=prev, next=next)

    (stage / "data").mkdir(parents=True, exist_ok=True)
    failed: dict[str, list[ProblemError]] = {}
    rendered = []   # (report, view, config) of the pages that render
    for report in reports:
        try:
            problem = report.loaded
            view = ProblemView(problem, render_statement(problem, md), links(problem), render_hints(problem, md))
            # allow_nan=False: the page's JSON.parse has no NaN; ValueError is reported below.
            data = json.dumps(problem_data(problem, report.probes, report.expected), ensure_ascii=False,
                              separators=(",", ":"), allow_nan=False).encode("utf-8")
            data_url = content_named_data_url(view.data_url, data)
            for url, image in statement_images(problem, md).items():   # content-named: shared, never stale
                (stage / url).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(image, stage / url)
            config = page_config(report, view, assets, runtime, vendor_packages(stage, project, problem),
                                 data_url, service_worker, embed_origin, hashlib.sha256(data).hexdigest())
            page(report, view, config)   # a trial render: a page that fails is left out before others link to it
        except Exception as exc:
            failed[report.slug] = [unrenderable(report.loaded, exc)]
            continue
        (stage / data_url).write_bytes(data)
        rendered.append((report, view, config))
    views = [view for _, view, _ in rendered]
    by_slug = {view.slug: view for view in views}
    # Each track in its own order, with the problems that were built (the index and track_nav).
    tracks = [(name, [by_slug[s] for s in slugs if s in by_slug]) for name, slugs in course.tracks]
    for index, (report, view, config) in enumerate(rendered):
        config["tracks"] = track_steps(view.slug, tracks)
        html = page(report, view, config, prev=views[index - 1] if index else None,
                    next=views[index + 1] if index + 1 < len(views) else None)
        (stage / view.url).write_text(html, encoding="utf-8")
    in_tracks = {view.slug for _, track in tracks for view in track}
    index_page = env.get_template("index.html").render(
        problems=views, assets=assets, tracks=[(n, t) for n, t in tracks if t],
        others=[view for view in views if view.slug not in in_tracks])
    (stage / "index.html").write_text(index_page, encoding="utf-8")
    return failed


def nothing_built_message(project: Project, broken: list[ProblemReport],
                          unrendered: dict[str, list[ProblemError]]) -> str:
    """Why a keep-going build has no page to show: every problem failed its check or its page."""
    reasons = [format_report(r, project) for r in broken]
    reasons += [f"{slug}: {project.shown(e)}" for slug, errors in unrendered.items() for e in errors]
    return ("no problem could be built, so the previous site is left as it was; fix at least one of these "
            "and build again:\n\n" + "\n\n".join(reasons))


def swap_into_place(stage: Path, out: Path) -> None:
    """Replace `out` by `stage` with two renames, so no half-written site is ever visible."""
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    stage.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def build_site(project: Project | Path, out: Path, strict: bool = True, only: list[str] | None = None,
               error_pages: bool = False, service_worker: bool = True, embed_origin: str = "*") -> BuildResult:
    """Check every problem (or those in `only`) of the project (or the course folder) and
    build the site into `out`. Raises BuildError, leaving `out` as it was; its message names
    files as `check` prints them, while the result's `broken` errors carry absolute paths.

    With `strict=False` the problems that pass are built and those that fail are listed in
    the result (`build --keep-going`); with `error_pages` too (live preview), each failing
    problem gets a page showing why. With `service_worker=False` the site installs no
    service worker (see offline.py). `embed_origin` is where a page inside an iframe posts
    its results ("*": any parent).
    """
    project = Project.at(project)
    embed_origin = embed_origin_checked(embed_origin)
    out = out.resolve()
    try:   # course.toml is read first: a typo in it should not wait for every check to run
        course_texts_html(load_course(project.root, ProblemTrees(project.root).slugs()))
    except ProblemError as exc:
        raise BuildError(str(project.shown(exc))) from exc
    good, broken = checked_problems(project, strict, only)
    by_slug = {r.slug: r for r in good}
    course = load_course(project.root)
    reports = [by_slug[p.slug] for p in course_order([r.loaded for r in by_slug.values()], course)]
    stage = out.with_name(f".{out.name}.staging-{os.getpid()}")
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    try:
        runtime = vendor_runtime(stage, project)
        assets = build_frontend(stage, project.tool)
        unrendered = write_pages(stage, project, reports, assets, runtime, service_worker, embed_origin)
        if unrendered and strict:
            raise BuildError("these problems pass `check` but their pages could not be rendered:\n\n" + "\n\n".join(
                f"{slug}: {project.shown(error)}" for slug, errors in unrendered.items() for error in errors))
        if not error_pages and len(unrendered) == len(reports):
            raise BuildError(nothing_built_message(project, broken, unrendered))
        if error_pages:
            write_error_pages(stage, project, broken)
        if service_worker:
            write_service_worker(stage, project.tool)
        swap_into_place(stage, out)
    except BuildError:
        raise
    except ProblemError as exc:
        raise BuildError(str(project.shown(exc))) from exc
    except Exception as exc:
        raise BuildError(f"{type(exc).__name__}: {exc}") from exc
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    built = tuple(r.slug for r in reports if r.slug not in unrendered)
    return BuildResult(out, built, {**{r.slug: r.errors for r in broken}, **unrendered})
