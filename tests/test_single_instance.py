"""One ClusterDesk per database (app.single_instance), with real processes: a live holder blocks a
second start and is named; a holder killed with SIGKILL leaves a lock that the next start takes
over by itself; a second start can ask the first one to come to the front."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.single_instance import (
    InstanceLock,
    InstanceServer,
    describe_holder,
    lock_path_for,
    request_activation,
    server_name,
)

pytestmark = [
    pytest.mark.timeout(60),
]

ROOT = Path(__file__).resolve().parents[1]

HOLD_LOCK = """
import sys, time
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from app.single_instance import InstanceLock
lock = InstanceLock(Path(sys.argv[1]))
print("LOCKED" if lock.acquire() else "REFUSED", flush=True)
time.sleep(120)
"""

LISTEN = """
import sys, time
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from app.single_instance import InstanceServer
app = QCoreApplication([])
server = InstanceServer(Path(sys.argv[1]))
print("LISTENING" if server.listen() else "FAILED", flush=True)
time.sleep(120)
"""

ACTIVATE = """
import sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from app.single_instance import request_activation
app = QCoreApplication([])
print("ANSWERED" if request_activation(Path(sys.argv[1]), timeout_ms=10000) else "NO ANSWER",
      flush=True)
"""


def start(script: str, db_path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, str(db_path), str(ROOT)],
        cwd=ROOT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def first_line(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if not line:
        proc.kill()
        raise AssertionError(f"the child said nothing: {proc.stderr.read() if proc.stderr else ''}")
    return line


def kill(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def test_a_second_lock_on_the_same_database_fails_and_names_the_holder(db_path: Path) -> None:
    first = InstanceLock(db_path)
    second = InstanceLock(db_path)
    try:
        assert first.acquire()
        assert first.locked and lock_path_for(db_path).exists()
        assert not second.acquire()
        holder = second.holder()
        assert holder is not None
        pid, host, app = holder
        assert pid == os.getpid() and host == socket.gethostname() and app
        text = describe_holder(holder)
        assert text == (
            f"ClusterDesk is already open on this database (process {os.getpid()} on host {host})."
        )
        assert InstanceLock(db_path.with_name("other.sqlite")).acquire()  # other files are free
        first.release()
        assert not lock_path_for(db_path).exists()
        assert second.acquire()
    finally:
        first.release()
        second.release()
        InstanceLock(db_path.with_name("other.sqlite")).release()


def test_a_lock_held_elsewhere_is_described_in_words() -> None:
    assert describe_holder(None) == "ClusterDesk is already open on this database."
    text = describe_holder((4321, "laptop-7-not-this-one", "python3"))
    assert "another computer" in text and "process 4321" in text and "laptop-7" in text
    assert ".lock" in text


def test_the_lock_of_a_killed_process_is_recovered_automatically(db_path: Path) -> None:
    child = start(HOLD_LOCK, db_path)
    try:
        assert first_line(child) == "LOCKED"
        mine = InstanceLock(db_path)
        assert not mine.acquire()  # the child is alive: its lock holds
        assert mine.holder() is not None and mine.holder()[0] == child.pid
        assert describe_holder(mine.holder()).endswith(
            f"(process {child.pid} on host {socket.gethostname()})."
        )
        kill(child)  # a crash: the lock file stays behind
        assert lock_path_for(db_path).exists()
        assert mine.acquire()  # recovered without asking anyone
        assert mine.holder() is not None and mine.holder()[0] == os.getpid()
        mine.release()
    finally:
        kill(child)


def test_a_second_start_brings_the_first_to_the_front(qtbot: QtBot, db_path: Path) -> None:
    server = InstanceServer(db_path)
    assert server.listen()
    try:
        with qtbot.waitSignal(server.activate_requested, timeout=20_000):
            child = start(ACTIVATE, db_path)
        out, err = child.communicate(timeout=20)
        assert out.strip() == "ANSWERED", err
        assert child.returncode == 0
    finally:
        server.close()
    assert server_name(db_path) != server_name(db_path.with_name("other.sqlite"))
    assert not request_activation(db_path.with_name("nobody.sqlite"), timeout_ms=500)


def test_the_socket_of_a_killed_instance_is_reused(qtbot: QtBot, db_path: Path) -> None:
    child = start(LISTEN, db_path)
    try:
        assert first_line(child) == "LISTENING"
    finally:
        kill(child)
    server = InstanceServer(db_path)
    try:
        assert server.listen()  # the socket file left by the crash is removed
        with qtbot.waitSignal(server.activate_requested, timeout=20_000):
            child = start(ACTIVATE, db_path)
        out, _err = child.communicate(timeout=20)
        assert out.strip() == "ANSWERED"
    finally:
        server.close()
