"""pyproject.toml and environment.yml must list the same dependencies with the same bounds."""
import re
import tomllib

import yaml

from sermo_helpers import paths

ROOT = paths.PACKAGE_DIR.parent
TOOLING = {"python", "pip"}


def _split(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return dict(_split(r) for r in requirements)


def environment_requirements() -> dict[str, str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    found = {}
    for item in environment["dependencies"]:
        entries = item["pip"] if isinstance(item, dict) else [item]
        for entry in entries:
            name, spec = _split(entry)
            if name not in TOOLING:
                found[name] = spec
    return found


def test_environment_lists_the_same_dependencies_as_pyproject():
    assert environment_requirements() == pyproject_requirements()


def test_requirement_parsing_sees_a_drift():
    # The comparison above is only worth something if a changed bound is noticed.
    assert _split("pandas >= 3.0") == ("pandas", ">=3.0")
    assert _split("pandas>=2.2") != _split("pandas>=3.0")


def test_no_test_skips_when_one_of_the_projects_own_modules_is_broken():
    """importorskip on one of the project's own modules would turn a broken module into a skip; it must fail."""
    tests = ROOT / "tests"
    pattern = re.compile(r"importorskip\(\s*[\"']sermo_helpers")
    offenders = [str(path.relative_to(tests)) for path in sorted(tests.rglob("*.py"))
                 if pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
