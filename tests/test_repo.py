"""Repository-wide rules: the data validates and is sourced, the layers hold, everything is documented."""

from __future__ import annotations

import ast
import json
import re
import subprocess
from dataclasses import fields
from pathlib import Path

import pytest

from coopstats import datapackage
from coopstats.settings import BUNDLED_DATA_DIR, Settings

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "coopstats"


def test_bundled_data_validates_without_errors(bundled_tables):
    assert len(bundled_tables.events) > 0
    assert all(p.severity == "warning" for p in bundled_tables.warnings)


def test_every_figure_and_participation_has_a_dated_source(bundled_tables):
    sources = bundled_tables.sources.set_index("source_id")
    for frame in (
        bundled_tables.figures,
        bundled_tables.participations,
        bundled_tables.events,
        bundled_tables.series,
    ):
        assert frame["source_id"].notna().all()
        assert frame["source_id"].isin(sources.index).all()
    used = sources.loc[sorted(set(bundled_tables.figures["source_id"]))]
    assert used["accessed_date"].notna().all()
    assert used["publisher"].notna().all()
    # A source without a URL must say why in its notes.
    assert used.loc[used["url"].isna(), "notes"].notna().all()


def test_datapackage_descriptor_matches_the_schema():
    written = json.loads((BUNDLED_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(datapackage.descriptor())), (
        "data/datapackage.json is stale: run `make datapackage`"
    )


def test_every_data_file_has_provenance_beside_it():
    for folder in (BUNDLED_DATA_DIR, BUNDLED_DATA_DIR / "reference", ROOT / "static"):
        assert (folder / "README.md").is_file(), f"{folder} needs a README.md with provenance"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_app_layer_imports_streamlit():
    offenders = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if "app" not in path.relative_to(PACKAGE).parts
        and any(name.split(".")[0] == "streamlit" for name in _imports(path))
    ]
    assert offenders == []


# Every module and package of coopstats, by layer: a module may import its own layer and those below.
LAYERS = {"schema": 0, "errors": 0, "settings": 0, "i18n": 0, "files": 0,
          "numbers": 1, "countries": 1, "organisations": 1, "resolution": 1, "name_forms": 1,
          "closest_names": 1,
          "datapackage": 1,
          "load": 2, "integrity": 2, "store": 2, "registration": 2, "participant_lists": 2,
          "drafts": 2,
          "contribution": 2,
          "aggregate": 3, "translations": 3,
          "dataset": 4, "spreadsheet": 4, "extract": 4, "directory": 4,
          "figures": 5,
          "charts": 6,
          "export": 7,
          "app": 8, "cli": 8, "editing": 8, "replicas": 8, "editor_commands": 8}  # fmt: skip


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "coopstats" or len(parts) < 2:
        return None
    head = parts[1]
    return LAYERS.get(head)


def test_imports_point_downward():
    upward = []
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(("coopstats", *path.relative_to(PACKAGE).with_suffix("").parts))
        own = _layer(module)
        if own is None:
            continue
        for name in _imports(path):
            other = _layer(name)
            if other is not None and other > own:
                upward.append(f"{module} imports {name}")
    assert upward == []


def _local_imports(path: Path) -> list[str]:
    """Modules of coopstats imported inside a function of `path` (not at the top)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for func in ast.walk(tree):
        if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("coopstats"):
                    found.append(f"{path.name}:{node.lineno} {node.module}")
    return found


def test_charts_and_export_import_at_the_top_without_cycles():
    # export/outputs.py and export/pack.py imported each other from inside functions.
    for package in ("charts", "export"):
        for path in (PACKAGE / package).glob("*.py"):
            assert _local_imports(path) == [], path
    assert "coopstats.export.pack" not in _imports(PACKAGE / "export" / "outputs.py")


def test_no_module_of_charts_or_export_is_a_catch_all():
    # export/catalogue.py had 831 lines and export/pack.py 650: one concept per module.
    long = {str(p.relative_to(PACKAGE)): n for package in ("charts", "export")
            for p in (PACKAGE / package).glob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}  # fmt: skip
    assert long == {}
    assert not (PACKAGE / "export" / "catalogue.py").exists()


def test_every_module_has_a_layer():
    heads = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in PACKAGE.rglob("*.py")}
    assert heads - {"__init__"} - set(LAYERS) == set()


def test_no_catch_all_modules():
    assert not [p for p in PACKAGE.rglob("*.py") if p.stem in {"utils", "helpers", "misc"}]


def test_every_page_file_is_registered_in_the_navigation():
    shell = (PACKAGE / "app" / "shell.py").read_text(encoding="utf-8")
    registered = set(re.findall(r'page\("([a-z_]+\.py)"', shell))
    on_disk = {p.name for p in (PACKAGE / "app" / "pages").glob("*.py")}
    assert registered == on_disk


def test_every_setting_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    from coopstats.settings import SETTINGS_HELP

    for field in fields(Settings):
        if field.metadata.get("env") is False:
            continue  # derived, not read from the environment
        assert field.name in SETTINGS_HELP
        assert f"COOPSTATS_{field.name.upper()}" in readme


def test_readme_gives_the_two_commands_and_ci_calls_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("target", "then"), [("run", "streamlit run serve.py"), ("bench", "bench.run")]
)
def test_the_package_is_compiled_to_bytecode_before_a_server_starts(target: str, then: str):
    # Where PYTHONDONTWRITEBYTECODE is set, Python compiles every module at every start (0.5 s
    # of the warm-up's CPU); `make run` and `make bench` compile them once first.
    dry = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    compiled = [
        i for i, line in enumerate(lines) if "-m compileall" in line and "src/coopstats" in line
    ]
    started = [i for i, line in enumerate(lines) if then in line]
    assert compiled and started and compiled[0] < started[0], dry.stdout


def test_no_synthetic_data_in_the_bundled_dataset():
    for path in BUNDLED_DATA_DIR.rglob("*.csv"):
        assert "synthetic" not in path.read_text(encoding="utf-8").lower(), path
