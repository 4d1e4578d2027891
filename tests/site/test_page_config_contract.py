"""Every problem page of the repository's site carries a config of the declared shape
(contract.PageConfig, PageConfig in contract.mjs), read strictly: a key the build adds
must be declared on both sides, which tests/legs/test_contract.py compares field by field."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from projects import ROOT

CONTRACT_JS = ROOT / "web" / "static" / "contract.mjs"


def page_configs(site: Path) -> dict[str, dict]:
    found = {}
    for page in sorted(site.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        if 'id="exercise-config">' in text:
            found[page.name] = json.loads(text.split('id="exercise-config">')[1].split("</script>")[0])
    return found


def test_every_page_config_has_the_declared_shape_strictly(site_dir: Path, tmp_path: Path):
    configs = page_configs(site_dir)
    assert len(configs) == len([p for p in (ROOT / "exercise").iterdir() if p.is_dir()])
    assert any(config.get("tracks") for config in configs.values()), "the repository's pages are on tracks"
    script = tmp_path / "validate.mjs"
    script.write_text(f"import {{ mismatch }} from {json.dumps(CONTRACT_JS.as_uri())};\n"
                      "import { readFileSync } from 'node:fs';\n"
                      "const configs = JSON.parse(readFileSync(0, 'utf8'));\n"
                      "const found = Object.entries(configs).map(([page, c]) => [page, mismatch('PageConfig', c, page, true)]);\n"
                      "process.stdout.write(JSON.stringify(found.filter(([, why]) => why)));\n")
    done = subprocess.run(["node", str(script)], input=json.dumps(configs), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
    # And a config missing what the page needs is refused.
    broken = {name: {k: v for k, v in config.items() if k != "runtime"} for name, config in configs.items()}
    done = subprocess.run(["node", str(script)], input=json.dumps(broken), capture_output=True, text=True, timeout=60)
    assert len(json.loads(done.stdout)) == len(configs)
