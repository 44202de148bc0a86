"""Logging to a rotating file in the platform log folder, with Qt's own messages routed in
(qutebrowser's ``utils/log.py``). Note text and other user content are never logged."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import types
from collections.abc import Callable
from pathlib import Path

from app.config import app_paths, ensure_private_dir

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_configured = False


def setup_logging(level: int = logging.INFO, *, console: bool = False) -> Path:
    """Configure the root logger once; return the log file path."""
    global _configured
    log_file = app_paths().log_file
    if _configured:
        return log_file
    root = logging.getLogger()
    root.setLevel(level)
    try:
        ensure_private_dir(log_file.parent)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
        log_file.chmod(0o600)
    except OSError as err:  # a read-only home must not stop the app
        print(f"ClusterDesk: cannot write the log file {log_file}: {err}", file=sys.stderr)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter(FORMAT))
        stream.setLevel(logging.WARNING)
        root.addHandler(stream)
    _configured = True
    return log_file


def install_qt_message_handler() -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    qt_logger = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(mode: QtMsgType, context: object, message: str) -> None:
        qt_logger.log(levels.get(mode, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)


def install_excepthook(show: Callable[[BaseException], None] | None = None) -> None:
    """Log every uncaught exception; then let ``show`` tell the user (a dialog in the GUI)."""
    logger = logging.getLogger("clusterdesk.crash")

    def hook(
        kind: type[BaseException], value: BaseException, tb: types.TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        logger.critical("uncaught exception", exc_info=(kind, value, tb))
        if show is not None:
            try:
                show(value)
            except Exception:  # never let the hook itself crash the app
                logger.exception("could not show the error dialog")

    sys.excepthook = hook
