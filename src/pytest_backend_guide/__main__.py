"""``python -m pytest_backend_guide``: the ``backend-guide`` command."""

from __future__ import annotations

import sys

from pytest_backend_guide.cli import main

if __name__ == "__main__":
    sys.exit(main())
