"""Issue 31: `exercisekit init` fills course.toml's `requirement` from how the tool was
installed (PEP 610 direct_url.json), writes a workflow that installs exactly that and whose
deploys pull requests never cancel, and in an existing folder adds what is missing without
overwriting anything."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from exercisekit import __version__
from exercisekit.authoring.course import init_course
from exercisekit.authoring.install_source import ToolSource, tool_source
from exercisekit.cli import main
from exercisekit.problems.course import load_course

RELEASED = ToolSource(f"exercisekit=={__version__}")


def test_from_a_package_index_the_requirement_is_the_released_version():
    assert tool_source(None, "1.2.3") == ToolSource("exercisekit==1.2.3")


def test_from_git_the_requirement_is_the_url_at_its_commit():
    record = {"url": "https://github.com/someone/exercisekit", "vcs_info": {"vcs": "git", "commit_id": "abc123"}}
    assert tool_source(record).requirement == "exercisekit @ git+https://github.com/someone/exercisekit@abc123"


def test_from_a_wheel_file_it_is_copied_into_the_course(tmp_path):
    wheel = tmp_path / "exercisekit-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"wheel")
    source = tool_source({"url": wheel.as_uri(), "archive_info": {}})
    assert source == ToolSource("./tools/exercisekit-0.1.0-py3-none-any.whl", wheel=wheel)
    result = init_course(tmp_path / "course", "C", source)
    assert (tmp_path / "course" / "tools" / wheel.name).read_bytes() == b"wheel"
    assert Path("tools") / wheel.name in result.created
    assert load_course(tmp_path / "course") is not None
    toml = tomllib.loads((tmp_path / "course" / "course.toml").read_text())
    assert toml["requirement"] == f"./tools/{wheel.name}"


def test_from_a_wheel_url_the_requirement_is_that_url():
    url = "https://example.org/dist/exercisekit-0.1.0-py3-none-any.whl"
    assert tool_source({"url": url, "archive_info": {}}).requirement == f"exercisekit @ {url}"


def test_from_a_local_folder_the_default_comes_with_a_note(tmp_path):
    source = tool_source({"url": tmp_path.as_uri(), "dir_info": {"editable": True}}, "0.1.0")
    assert source.requirement == "exercisekit==0.1.0" and source.wheel is None
    assert str(tmp_path) in source.note and "requirement" in source.note and "git+https" in source.note


def test_the_workflow_installs_the_requirement_and_pull_requests_never_cancel_a_deploy(tmp_path):
    init_course(tmp_path / "c", "Quoted \"title\"", ToolSource("exercisekit @ git+https://x.org/e@1"))
    course = load_course(tmp_path / "c")
    assert course.title == 'Quoted "title"'
    assert tomllib.loads((tmp_path / "c" / "course.toml").read_text())["requirement"] == \
        "exercisekit @ git+https://x.org/e@1"
    workflow = (tmp_path / "c" / ".github" / "workflows" / "site.yml").read_text()
    assert "tomllib.load(open(\"course.toml\", \"rb\")).get(\"requirement\"" in workflow
    group = re.search(r"concurrency:\n  group: (.*)\n  cancel-in-progress: (.*)\n", workflow)
    assert "github.event_name == 'pull_request'" in group.group(1) and "'pages'" in group.group(1)
    assert group.group(2) == "${{ github.event_name == 'pull_request' }}"
    assert "exercisekit docs" in workflow and "exercisekit docs" in (tmp_path / "c" / "README.md").read_text()


def test_init_in_an_existing_course_adds_what_is_missing_and_overwrites_nothing(tmp_path):
    course = tmp_path / "existing"
    (course / "exercise" / "mine").mkdir(parents=True)
    (course / "course.toml").write_text('title = "Mine"\n')
    (course / "README.md").write_text("my readme\n")
    result = init_course(course, None, RELEASED)
    assert (course / "course.toml").read_text() == 'title = "Mine"\n'
    assert (course / "README.md").read_text() == "my readme\n"
    assert set(result.kept) == {Path("course.toml"), Path("README.md")}
    assert set(result.created) == {Path(".gitignore"), Path(".github/workflows/site.yml")}
    assert not (course / "exercise" / "sum_of_squares").exists(), "a course with problems gets no example"
    again = init_course(course, None, RELEASED)
    assert again.created == [] and len(again.kept) == 4


def test_init_refuses_a_file(tmp_path, capsys):
    (tmp_path / "f").write_text("x")
    assert main(["init", str(tmp_path / "f")]) == 1
    assert "exists and is not a folder" in capsys.readouterr().err


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out.strip() == f"exercisekit {__version__}"
