"""``python -m app`` and the ``clusterdesk`` console script."""

import sys


def _attach_windows_console() -> None:
    """The frozen Windows app is windowed (no console of its own), so ``print`` goes nowhere.
    Run from cmd or PowerShell with a command, it writes into that console instead."""
    if sys.platform != "win32" or not getattr(sys, "frozen", False):
        return
    import ctypes
    import os

    attach_parent_process = -1
    if ctypes.windll.kernel32.AttachConsole(attach_parent_process):
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace", buffering=1)  # noqa: SIM115
        sys.stderr = open("CONOUT$", "w", encoding="utf-8", errors="replace", buffering=1)  # noqa: SIM115
    elif sys.stdout is None:  # started without a console (a shortcut with arguments)
        sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def main(argv: list[str] | None = None) -> int:
    from app.cli import run

    args = sys.argv[1:] if argv is None else argv
    if args:
        _attach_windows_console()
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
