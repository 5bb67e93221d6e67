"""Build hook: ship the rule pages inside the package, for ``backend-guide explain``.

The pages live in ``docs/rules`` (the documentation site reads them there).
A wheel carries a copy in ``pytest_backend_guide/rule_pages``, next to the
code, so that ``explain`` finds them under every install scheme: a venv,
``pip install --user``, ``--prefix``, ``--target``. Data files under
``share/`` did not: their place depends on the scheme (``--target`` even
leaves them where the package's metadata cannot point). Everything else is
declared in ``pyproject.toml``.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

PAGES = Path("docs", "rules")
PACKAGE_FOLDER = Path("pytest_backend_guide", "rule_pages")
NOT_A_RULE_PAGE = "FORMAT.md"


class BuildWithRulePages(build_py):
    """``build_py`` that also copies the rule pages into the built package."""

    def run(self) -> None:
        """Build the package, then add the rule pages to it."""
        super().run()
        target = Path(self.build_lib, PACKAGE_FOLDER)
        self.mkpath(str(target))
        for page in sorted(PAGES.glob("*.md")):
            if page.name != NOT_A_RULE_PAGE:
                self.copy_file(str(page), str(target / page.name))


setup(cmdclass={"build_py": BuildWithRulePages})
