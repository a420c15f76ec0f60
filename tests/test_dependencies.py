"""Every runtime dependency is bounded on both sides, the installed version is within the bounds,
and README.md says why it is needed."""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def test_each_runtime_dependency_has_both_bounds_and_the_installed_version_fits():
    for line in PROJECT["dependencies"]:
        requirement = Requirement(line)
        operators = {spec.operator for spec in requirement.specifier}
        assert operators == {">=", "<"}, line
        installed = importlib.metadata.version(requirement.name)
        assert requirement.specifier.contains(installed), (line, installed)


def test_readme_says_why_each_runtime_dependency_is_needed():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## What the service depends on", 1)[1].split("\n## ", 1)[0]
    for line in PROJECT["dependencies"]:
        requirement = Requirement(line)
        row = next(
            (
                row
                for row in section.splitlines()
                if row.lower().startswith(f"| {requirement.name}")
            ),
            None,
        )
        assert row is not None, requirement.name
        documented = SpecifierSet(row.split("`")[1])
        assert documented == requirement.specifier, row
        assert row.rstrip(" |").rsplit("|", 1)[1].strip(), f"no reason given: {row}"
