"""The server install of deploy/: the systemd units read as systemd reads them (there is no
systemd here) and their commands run as an instance would run them, with the install's folders
moved under a temporary one; and the container's Dockerfile."""

from __future__ import annotations

import os
import re
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from storage.migrations import latest_version
from tests.support.harness import TEST_TOKEN

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
Unit = dict[str, dict[str, list[str]]]


def read_unit(name: str) -> Unit:
    """A unit file's sections and their keys, every value of a key that repeats."""
    sections: Unit = {}
    current: dict[str, list[str]] = {}
    for raw in (DEPLOY / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


class Server:
    """The folders an install uses (/etc/jamsosratu, /var/lib/jamsosratu, the checkout in
    /opt/jamsosratu), moved under `root`; the checkout is this one, its Python this one."""

    def __init__(self, root: Path) -> None:
        self.etc = root / "etc" / "jamsosratu"
        self.state = root / "var" / "lib" / "jamsosratu"
        self.etc.mkdir(parents=True)

    def path(self, value: str, instance: str) -> str:
        """A unit's value with its specifiers (%i, %%) filled in and the install's folders moved."""
        value = re.sub(r"%([%i])", lambda m: "%" if m[1] == "%" else instance, value)
        value = value.replace("/opt/jamsosratu/.venv/bin/python", sys.executable)
        return value.replace("/etc/jamsosratu", str(self.etc)).replace("/var/lib/jamsosratu", str(self.state))

    def run(self, service: dict[str, list[str]], key: str, instance: str) -> subprocess.CompletedProcess[str]:
        """Run the service's command `key` as systemd would for `instance`: its state folders made,
        in its working folder, with its environment file and its own Environment= lines only."""
        for folders in service.get("StateDirectory", []):
            for folder in folders.split():
                (self.state.parent / self.path(folder, instance)).mkdir(parents=True, exist_ok=True)
        environment = {"PATH": os.environ["PATH"]}
        for file in service.get("EnvironmentFile", []):
            for line in Path(self.path(file, instance)).read_text(encoding="utf-8").splitlines():
                name, _, value = line.partition("=")
                environment[name] = value
        for assignment in service.get("Environment", []):
            name, _, value = assignment.partition("=")
            environment[name] = value
        (command,) = service[key]
        return subprocess.run(
            shlex.split(self.path(command, instance)),
            cwd=self.path(service["WorkingDirectory"][0], instance),
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


@pytest.fixture
def server(tmp_path: Path) -> Server:
    return Server(tmp_path)


def test_an_instance_reads_its_own_file_and_nothing_in_the_unit_overrides_it(server: Server) -> None:
    service = read_unit("jamsosratu@.service")["Service"]
    assert not service.get("Environment"), "an Environment= line would beat the province's own file"
    assert service["ExecStart"] == [service["ExecStartPre"][0].removesuffix(" --check")]
    assert service["StateDirectory"] == ["jamsosratu/%i"] and service["RestartPreventExitStatus"] == ["2"]
    ntb_db = server.state / "ntb" / "register" / "ntb.db"
    (server.etc / "ntb.yaml").write_text(f'province:\n  code: "52"\ndatabase:\n  path: {ntb_db}\n', encoding="utf-8")
    (server.etc / "ntb.env").write_text(f"TELEGRAM_BOT_TOKEN={TEST_TOKEN}\n", encoding="utf-8")
    checked = server.run(service, "ExecStartPre", "ntb")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.splitlines() == [
        f"ok: configuration valid, database {ntb_db} at schema version {latest_version()}"
    ]
    assert (server.state / "ntb" / "data" / "photos").is_dir(), "relative paths land in the state folder"

    # A second province on the same server: the defaults of its file land in its own folder.
    (server.etc / "banten.yaml").write_text('province:\n  code: "36"\n', encoding="utf-8")
    (server.etc / "banten.env").write_text(f"TELEGRAM_BOT_TOKEN={TEST_TOKEN}\n", encoding="utf-8")
    assert server.run(service, "ExecStartPre", "banten").returncode == 0
    assert (server.state / "banten" / "data" / "jamsosratu.db").is_file()


def test_the_nightly_backup_copies_the_database_its_instance_uses(server: Server) -> None:
    (server.etc / "ntb.yaml").write_text('province:\n  code: "52"\n', encoding="utf-8")
    (server.etc / "ntb.env").write_text(f"TELEGRAM_BOT_TOKEN={TEST_TOKEN}\n", encoding="utf-8")
    assert server.run(read_unit("jamsosratu@.service")["Service"], "ExecStartPre", "ntb").returncode == 0
    backup = read_unit("jamsosratu-backup@.service")["Service"]
    assert not backup.get("Environment") and not backup.get("EnvironmentFile"), "a backup needs no token"
    copied = server.run(backup, "ExecStart", "ntb")
    assert copied.returncode == 0, copied.stderr
    (copy,) = (server.state / "ntb" / "backups").glob("jamsosratu-ntb-*.db")
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT code FROM regions WHERE kind = 'provinsi'").fetchall() == [("52",)]
    assert server.run(backup, "ExecStartPost", "ntb").returncode == 0, "yesterday's copies are kept"
    assert copy.exists()
    timer = read_unit("jamsosratu-backup@.timer")
    assert timer["Timer"]["OnCalendar"] == ["*-*-* 01:30:00"] and timer["Install"]["WantedBy"] == ["timers.target"]


def test_the_container_reads_its_file_as_it_is() -> None:
    lines = [line.strip() for line in (DEPLOY / "Dockerfile").read_text(encoding="utf-8").splitlines()]
    instructions = [line for line in lines if line and not line.startswith("#")]
    assert not [line for line in instructions if "JAMSOSRATU__" in line], "nothing overrides a key of the file"
    assert "COPY config.yaml /etc/jamsosratu/config.yaml" in instructions
    (command,) = [line for line in instructions if line.startswith("CMD")]
    assert command.count("--config /etc/jamsosratu/config.yaml") == 2 and "--check" in command
    workdir = [line.split()[1] for line in instructions if line.startswith("WORKDIR")][-1]
    (volume,) = [line for line in instructions if line.startswith("VOLUME")]
    assert f'"{workdir}/data"' in volume, "the file's relative paths (data/…) land in the volume"
