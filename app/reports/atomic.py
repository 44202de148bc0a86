"""Atomic file writing for exports and reports: a file is either complete or not there at all.

``atomic_path(target)`` yields a temporary path in the target's own folder (so that the final
``os.replace`` is a rename on one file system, atomic on Windows, macOS and Linux). When the
block finishes, the temporary file is flushed to disk (fsync) and renamed over ``target``; when
the block raises — an error, a full disk, a cancellation — the temporary file is deleted and an
existing file at ``target`` is left exactly as it was.

``atomic_open(target, ...)`` does the same and yields an open text or binary file object.

Problems of the user's environment (folder missing, no permission, disk full, the file open in
another program on Windows) become ``KnownError`` in plain words.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from app.errors import KnownError

logger = logging.getLogger(__name__)

TEMP_SUFFIX = ".part"


class CancelledError(KnownError):
    """The user cancelled a long export or report; nothing was written."""


def _umask() -> int:
    # os.umask can only be read by setting it; done once, at import, before any worker thread.
    current = os.umask(0o022)
    os.umask(current)
    return current


_FILE_MODE = 0o666 & ~_umask()


def temp_prefix(target: Path) -> str:
    """Temporary files for ``target`` are ``.<name>.<random>.part`` beside it (hidden on Unix)."""
    return f".{target.name}."


def describe_os_error(err: OSError, target: Path) -> str:
    """An ``OSError`` met while writing ``target``, in the user's words."""
    folder = target.parent
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"The disk is full: {target.name} could not be written to {folder}. Free some space and try again."
    if err.errno == errno.ENOENT:
        return f"The folder {folder} does not exist."
    if err.errno == errno.EROFS:
        return f"The folder {folder} is on a read-only disk."
    if err.errno == errno.EISDIR or target.is_dir():
        return f"{target} is a folder; choose a file name."
    if isinstance(err, PermissionError) or err.errno in (errno.EACCES, errno.EPERM):
        return (
            f"ClusterDesk may not write {target.name} in {folder}: the folder is protected or the "
            "file is open in another program (close it there and try again)."
        )
    return f"{target.name} could not be written to {folder}: {err.strerror or err}."


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); not possible, nor needed, on Windows."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` atomically.

    The block must write the whole file at the yielded path (and close it). Any exception in the
    block deletes the temporary file and propagates (``OSError`` as ``KnownError``); ``target``
    is untouched.
    """
    target = Path(target).expanduser()
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise KnownError(f"{target} is a folder; choose a file name.")
    if not folder.is_dir():
        raise KnownError(f"The folder {folder} does not exist.")
    try:
        fd, name = tempfile.mkstemp(prefix=temp_prefix(target), suffix=TEMP_SUFFIX, dir=folder)
    except OSError as err:
        raise KnownError(describe_os_error(err, target)) from err
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        try:
            mode = target.stat().st_mode & 0o7777 if target.exists() else _FILE_MODE
            os.chmod(tmp, mode)
            with open(tmp, "rb+") as fh:  # the writer has closed it; flush it to the disk
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except OSError as err:
            raise KnownError(describe_os_error(err, target)) from err
        _fsync_dir(folder)
    except BaseException as err:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if isinstance(err, OSError) and not isinstance(err, KnownError):
            logger.warning("writing %s failed: %s", target, err)
            raise KnownError(describe_os_error(err, target)) from err
        raise


@contextlib.contextmanager
def atomic_open(target: Path | str, mode: str = "w", **kwargs: Any) -> Iterator[IO[Any]]:
    """``open()`` a temporary file beside ``target``; on success it replaces ``target``.

    ``mode`` is "w" or "wb" (plus ``encoding``/``newline`` as for ``open``).
    """
    if mode not in ("w", "wb", "wt"):
        raise ValueError(f"atomic_open writes whole files, not mode {mode!r}")
    with atomic_path(target) as tmp, open(tmp, mode, **kwargs) as fh:
        yield fh
