"""The `grappe` console script: the explorer without the parser when it can, else the CLI."""

from __future__ import annotations

import sys


def main() -> None:
    """Console-script entry point."""
    from grappe.tui.browser import fast_path

    status = fast_path(sys.argv[1:])
    if status is not None:
        sys.exit(status)
    from grappe.tui.cli import main as command_line

    command_line()
