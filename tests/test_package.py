"""The installed package: `shiryo` alone, its public API, and a wheel that holds every module."""
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYOUT = {"shiryo": "shiryo", "shiryo.parsers": "parsers", "shiryo.pipeline": "pipeline", "shiryo.flows": "flows"}


def test_packages_listed_in_pyproject_are_every_package_folder():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert config["package-dir"] == LAYOUT
    folders = set()
    for name, folder in LAYOUT.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder)
            folders.add(".".join([name, *rel.parts]))
    assert set(config["packages"]) == folders


def test_only_shiryo_is_importable_outside_the_repository(tmp_path):
    probe = (
        "import importlib.util as u, shiryo\n"
        "print([m for m in ('parsers', 'pipeline', 'flows') if u.find_spec(m)])\n"
        "print(sorted(n for n in shiryo.__all__))\n"
        "import shiryo.parsers.page, shiryo.pipeline.kpi, shiryo.flows\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    top_level, public = done.stdout.splitlines()
    assert top_level == "[]"
    assert {"extract", "ShiryoError", "DocumentError", "SourceError"} <= set(eval(public))


def test_py_typed_ships_with_the_package():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert "py.typed" in config["package-data"]["shiryo"] and (ROOT / "shiryo" / "py.typed").is_file()


def test_the_wheel_holds_every_module_and_the_public_api_type_checks_strictly(tmp_path):
    """Built as a user's pip would build it: only `shiryo` at the top, every module of the
    repository's package folders inside, py.typed; and `mypy --strict` passes on shiryo/api.py
    as installed (mypy cannot follow the editable install's import hook, so it reads the wheel)."""
    import shutil
    import zipfile

    leftover = not (ROOT / "build").exists()  # setuptools builds in the source tree's build/
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(ROOT)],
                           capture_output=True, text=True, timeout=300)
    if leftover:
        shutil.rmtree(ROOT / "build", ignore_errors=True)
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("shiryo-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    expected = {f"{name.replace('.', '/')}/{path.relative_to(ROOT / folder).as_posix()}"
                for name, folder in LAYOUT.items() for path in (ROOT / folder).rglob("*.py")}
    assert expected <= names, sorted(expected - names)[:5]
    assert "shiryo/py.typed" in names
    assert {n.split("/")[0] for n in names if not n.startswith("shiryo-")} == {"shiryo"}
    checked = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", "--no-incremental", "-p", "shiryo.api"],
                             cwd=tmp_path / "site", env={**__import__("os").environ, "MYPYPATH": str(tmp_path / "site")},
                             capture_output=True, text=True, timeout=600)
    assert checked.returncode == 0, checked.stdout + checked.stderr
