"""One ClusterDesk per database file: a lock file, and a way to bring the open window forward.

``InstanceLock(db_path)`` holds ``<db_path>.lock`` with Qt's ``QLockFile``. Its stale-lock time is
0: a lock held by a live process is never taken over however old it is (ClusterDesk stays open
for days), while a lock left by a crashed process on this computer is recognised (the recorded
process is gone, or its id now belongs to another program, or the computer rebooted since) and
removed automatically. On POSIX the holder also keeps an ``flock`` on the file, so even a forced
removal cannot steal a live lock on a local disk.

``InstanceServer(db_path)`` listens on a local socket named from a hash of the database path (and
the user); a second start on the same database calls ``request_activation(db_path)``, and the
first instance's ``activate_requested`` signal fires so that it can raise its window.

Qt Core and Network only: no widgets (the GUI builds the dialogs).
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import socket
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

logger = logging.getLogger(__name__)

ACTIVATE = b"activate\n"
ACK = b"ok\n"
READ_TIMEOUT_MS = 1000  # the server reads a connecting second start for at most this long

Holder = tuple[int, str, str]  # process id, host name, application (executable) name


def lock_path_for(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".lock")


def _host() -> str:
    return socket.gethostname()


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name != "posix":
        return True  # cannot tell cheaply; QLockFile has checked already
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True


class InstanceLock:
    """The lock that says "ClusterDesk has this database open" (``<db_path>.lock``)."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self.path = lock_path_for(self.db_path)
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # never stale by age; only a dead holder makes it stale

    def acquire(self) -> bool:
        """Take the lock; ``False`` when a live ClusterDesk holds it (see ``holder()``)."""
        if self._lock.isLocked():
            return True
        if self._lock.tryLock(0):
            return True
        if self._lock.error() != QLockFile.LockError.LockFailedError:
            logger.warning("cannot create the lock file %s: %s", self.path, self._lock.error())
            return False
        # QLockFile removes a stale lock by itself; this covers a holder that it could not
        # judge (e.g. an unreadable lock file) yet is provably gone from this computer.
        info = self.holder()
        if info is not None:
            pid, host, _app = info
            if (
                host in ("", _host())
                and not _process_alive(pid)
                and self._lock.removeStaleLockFile()
            ):
                logger.info("removed the stale lock of process %s on %s", pid, self.path)
                return bool(self._lock.tryLock(0))
        return False

    def holder(self) -> Holder | None:
        """Who holds the lock: (process id, host name, application name), or ``None``."""
        try:
            pid, host, app = self._lock.getLockInfo()  # (0, "", "") when there is none
            pid = int(pid)
        except (RuntimeError, TypeError, ValueError):
            return None
        if pid <= 0:
            return None
        return pid, str(host or ""), str(app or "")

    @property
    def locked(self) -> bool:
        return bool(self._lock.isLocked())

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()


def describe_holder(holder: Holder | None) -> str:
    """The "already open" message, in plain words."""
    if holder is None:
        return "ClusterDesk is already open on this database."
    pid, host, _app = holder
    if host and host != _host():
        return (
            f"ClusterDesk is already open on this database on another computer (process {pid} "
            f"on host {host}). Close it there first. If that computer is off or crashed, delete "
            "the file ending in “.lock” beside the database, then start ClusterDesk again."
        )
    where = f" on host {host}" if host else ""
    return f"ClusterDesk is already open on this database (process {pid}{where})."


# --------------------------------------------------------------------------- bring to front
def server_name(db_path: Path) -> str:
    """A local-socket name unique to this user and database file (short enough for Unix)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    key = f"{user}\0{os.path.normcase(os.path.abspath(db_path))}"
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return f"clusterdesk-{digest}"


class InstanceServer(QObject):
    """Listens for "bring your window to the front" from a second start on the same database.

    Create it after ``InstanceLock.acquire()`` succeeded: holding the lock proves any socket
    left under this name belongs to a crashed instance, so it is removed and reused.
    """

    activate_requested = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(db_path)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_new_connection)

    def listen(self) -> bool:
        if self._server.isListening():
            return True
        if self._server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)  # a socket file left by a crash (Unix)
        ok = self._server.listen(self.name)
        if not ok:
            logger.warning("cannot listen on %s: %s", self.name, self._server.errorString())
        return ok

    def close(self) -> None:
        self._server.close()

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            if sock is None:
                break
            try:
                self._answer(sock)
            finally:
                sock.disconnectFromServer()
                sock.deleteLater()

    def _answer(self, sock: QLocalSocket) -> None:
        """Read one line (a second start writes it as soon as it is connected) and answer."""
        data = b""
        deadline = QDeadlineTimer(READ_TIMEOUT_MS)
        while b"\n" not in data and len(data) <= 64 and not deadline.hasExpired():
            if not sock.bytesAvailable() and not sock.waitForReadyRead(
                max(1, deadline.remainingTime())
            ):
                break
            data += bytes(sock.readAll().data())
        if data.split(b"\n", 1)[0] + b"\n" != ACTIVATE:
            logger.warning("ignored a message on %s that is not ClusterDesk's", self.name)
            return
        sock.write(ACK)
        sock.waitForBytesWritten(READ_TIMEOUT_MS)
        self.activate_requested.emit()


def request_activation(db_path: Path, timeout_ms: int = 3000) -> bool:
    """Ask the ClusterDesk holding ``db_path`` to bring its window forward; ``True`` when it
    answered. Blocking, with a timeout; needs no event loop."""
    sock = QLocalSocket()
    try:
        sock.connectToServer(server_name(db_path))
        if not sock.waitForConnected(timeout_ms):
            return False
        sock.write(ACTIVATE)
        if not sock.waitForBytesWritten(timeout_ms):
            return False
        received = b""
        while b"\n" not in received:
            if not sock.bytesAvailable() and not sock.waitForReadyRead(timeout_ms):
                break
            received += bytes(sock.readAll().data())
        return received.startswith(ACK)
    finally:
        sock.abort()
