"""A bad configuration stops start-up with exit status 2 and one line naming the key."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from storage.migrations import latest_version

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:AAExampleTokenValue0123456789abcdefgh"


def run_bot(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("JAMSOSRATU__", "TELEGRAM_BOT_TOKEN"))
    }
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=60
    )


def write_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_config_is_valid_and_has_the_documented_defaults() -> None:
    settings = load_settings(ROOT / "config.yaml", {"TELEGRAM_BOT_TOKEN": TOKEN})
    assert settings.database.path == Path("data/jamsosratu.db")
    assert settings.locale.timezone == "Asia/Jakarta"
    assert settings.locale.language == "id"
    assert settings.province.code == "36"
    assert settings.verification.radius_m == 100
    assert settings.telegram.base_url is None
    assert settings.token is not None and settings.token.get_secret_value() == TOKEN


def test_every_key_of_the_shipped_config_has_a_comment() -> None:
    lines = (ROOT / "config.yaml").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.endswith(":"):
            continue
        assert lines[number - 1].strip().startswith("#"), f"config.yaml line {number + 1} has no comment"


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        ("database:\n  pth: x.db\n", {}, "database.pth: unknown key"),
        ("verification:\n  radius_m: lots\n", {}, "verification.radius_m:"),
        ("locale:\n  timezone: Mars/Olympus\n", {}, "locale.timezone: unknown time zone"),
        ("locale:\n  language: fr\n", {}, "locale.language:"),
        (
            "province:\n  bounding_box: {min_lat: 1, max_lat: 0, min_lon: 105, max_lon: 106}\n",
            {},
            "province.bounding_box:",
        ),
        ("province:\n  code: '99'\n", {}, "province.code: unknown province code '99'"),
        (
            "telegram:\n  webhook_url: http://bot.example.go.id/x\n",
            {},
            "telegram.webhook_url: 'http://bot.example.go.id/x' is not an https:// address: Telegram posts",
        ),
        (
            "telegram:\n  webhook_url: https://bot.example.go.id/x?a=1\n",
            {},
            "telegram.webhook_url: 'https://bot.example.go.id/x?a=1' must be https://<public name>/<path>, without",
        ),
        ("programme:\n  short_name: ''\n", {}, "programme.short_name:"),
        ("token: abc\n", {}, "token: must not be in the file"),
        ("", {"JAMSOSRATU__VERIFICATION__RADIUS_M": "-5"}, "verification.radius_m:"),
        ("database: [1, 2\n", {}, "not valid YAML"),
    ],
)
def test_bad_configuration_names_the_key(tmp_path: Path, text: str, env: dict[str, str], expected: str) -> None:
    path = write_config(tmp_path, text)
    with pytest.raises(ConfigError, match=re.escape(expected)):
        load_settings(path, {"TELEGRAM_BOT_TOKEN": TOKEN, **env})


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("36", "Asia/Jakarta"),
        ("11", "Asia/Jakarta"),
        ("62", "Asia/Jakarta"),
        ("52", "Asia/Makassar"),
        ("64", "Asia/Makassar"),
        ("73", "Asia/Makassar"),
        ("81", "Asia/Jayapura"),
        ("96", "Asia/Jayapura"),
    ],
)
def test_the_time_zone_follows_the_province_unless_set(tmp_path: Path, code: str, zone: str) -> None:
    path = write_config(tmp_path, f"province:\n  code: '{code}'\n")
    assert load_settings(path, {}, require_token=False).locale.timezone == zone
    environ = {"JAMSOSRATU__PROVINCE__CODE": code}
    assert load_settings(ROOT / "config.yaml", environ, require_token=False).locale.timezone == zone


def test_a_zone_of_the_same_hour_as_the_province_is_taken(tmp_path: Path) -> None:
    path = write_config(tmp_path, "province:\n  code: '61'\nlocale:\n  timezone: Asia/Pontianak\n")
    assert load_settings(path, {}, require_token=False).locale.timezone == "Asia/Pontianak"


def test_a_zone_contradicting_the_province_stops_start_up_with_one_line(tmp_path: Path) -> None:
    path = write_config(
        tmp_path,
        f"database:\n  path: {tmp_path / 'x.db'}\nprovince:\n  code: '52'\nlocale:\n  timezone: Asia/Jakarta\n",
    )
    result = run_bot("--config", str(path), "--check")
    assert result.returncode == 2 and not (tmp_path / "x.db").exists()
    assert result.stderr.splitlines() == [
        "jamsosratu: locale.timezone: Asia/Jakarta (WIB, UTC+7) is not the time of Nusa Tenggara Barat "
        "(province.code 52), which is Asia/Makassar (WITA, UTC+8); remove the key to follow the province"
    ]


def test_a_malformed_token_is_named_as_malformed_and_never_shown(tmp_path: Path) -> None:
    path = write_config(tmp_path, f"database:\n  path: {tmp_path / 'x.db'}\n")
    for token in ("garbage", "123456789:short", "bot123456789:AAExampleTokenValue0123456789abcdefgh"):
        result = run_bot("--config", str(path), "--check", env={"TELEGRAM_BOT_TOKEN": token})
        assert result.returncode == 2
        (line,) = result.stderr.splitlines()
        assert line.startswith("jamsosratu: token: TELEGRAM_BOT_TOKEN is malformed") and token not in line


def test_check_needs_no_token_and_says_it_was_not_checked(tmp_path: Path) -> None:
    path = write_config(tmp_path, f"database:\n  path: {tmp_path / 'x.db'}\n")
    result = run_bot("--config", str(path), "--check")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "x.db").exists()
    assert result.stdout.splitlines() == [
        f"ok: configuration valid, database {tmp_path / 'x.db'} at schema version {latest_version()}",
        "note: TELEGRAM_BOT_TOKEN is not set, so the token was not checked; the bot will not start without it",
    ]


def test_missing_token_is_named() -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        load_settings(ROOT / "config.yaml", {})


def test_environment_overrides_any_key(tmp_path: Path) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "JAMSOSRATU__DATABASE__PATH": str(tmp_path / "other.db"),
        "JAMSOSRATU__ADMINS__BOOTSTRAP_USER_IDS": "[11, 22]",
        "JAMSOSRATU__VERIFICATION__RADIUS_M": "150",
    }
    settings = load_settings(ROOT / "config.yaml", env)
    assert settings.database.path == tmp_path / "other.db"
    assert settings.admins.bootstrap_user_ids == [11, 22]
    assert settings.verification.radius_m == 150


def test_start_up_with_bad_config_exits_2_with_one_line(tmp_path: Path) -> None:
    path = write_config(tmp_path, "locale:\n  timezon: Asia/Jakarta\n")
    result = run_bot("--config", str(path), "--check", env={"TELEGRAM_BOT_TOKEN": TOKEN})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["jamsosratu: locale.timezon: unknown key"]
    assert "Traceback" not in result.stderr


def test_start_up_without_token_exits_2(tmp_path: Path) -> None:
    path = write_config(tmp_path, f"database:\n  path: {tmp_path / 'x.db'}\n")
    result = run_bot("--config", str(path))
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_unopenable_database_path_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    path = write_config(tmp_path, f"database:\n  path: {blocker / 'sub' / 'x.db'}\n")
    result = run_bot("--config", str(path), "--check", env={"TELEGRAM_BOT_TOKEN": TOKEN})
    assert result.returncode == 2
    assert result.stderr.startswith("jamsosratu: database.path: cannot open")


def test_check_creates_the_database_and_reports_its_version(tmp_path: Path) -> None:
    db_path = tmp_path / "data" / "fresh.db"
    path = write_config(tmp_path, f"database:\n  path: {db_path}\n")
    result = run_bot("--config", str(path), "--check", env={"TELEGRAM_BOT_TOKEN": TOKEN})
    assert result.returncode == 0, result.stderr
    assert db_path.exists()
    assert "schema version" in result.stdout
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600, "personal data: the bot's user only"
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700


def test_backup_command_copies_the_database(tmp_path: Path) -> None:
    db_path = tmp_path / "live.db"
    path = write_config(tmp_path, f"database:\n  path: {db_path}\n")
    assert run_bot("--config", str(path), "--check", env={"TELEGRAM_BOT_TOKEN": TOKEN}).returncode == 0
    copy = tmp_path / "backups" / "copy.db"
    result = run_bot("backup", str(copy), "--force", "--config", str(path))  # --force: the folder is made
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600 and stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT COUNT(*) FROM regions").fetchone()[0] == 9


def test_backup_refuses_to_overwrite_or_to_create_folders_without_force(tmp_path: Path) -> None:
    path = write_config(tmp_path, f"database:\n  path: {tmp_path / 'live.db'}\n")
    assert run_bot("--config", str(path), "--check").returncode == 0
    existing = tmp_path / "yesterday.db"
    existing.write_bytes(b"yesterday's copy")
    overwrite = run_bot("backup", str(existing), "--config", str(path))
    assert overwrite.returncode == 2 and existing.read_bytes() == b"yesterday's copy"
    assert overwrite.stderr.splitlines() == [
        f"jamsosratu: backup: {existing} exists; choose a new name or add --force to overwrite it"
    ]
    typo = tmp_path / "bakcups" / "today.db"
    missing = run_bot("backup", str(typo), "--config", str(path))
    assert missing.returncode == 2 and not typo.parent.exists()
    assert missing.stderr.splitlines() == [
        f"jamsosratu: backup: folder {typo.parent} does not exist; create it or add --force"
    ]
    assert run_bot("backup", str(existing), "--force", "--config", str(path)).returncode == 0
    assert run_bot("backup", str(typo), "--force", "--config", str(path)).returncode == 0
    for copy in (existing, typo):
        with sqlite3.connect(copy) as conn:
            assert conn.execute("SELECT COUNT(*) FROM regions").fetchone()[0] == 9


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real file system of 2 MB (a tmpfs) to fill up; mounting one needs root, else skipped. (A
    new database and the write-ahead log of its migrations take about 1 MB: the disk must hold
    them before it is filled.)"""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], capture_output=True, text=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"a full disk is a 2 MB tmpfs, and it cannot be mounted here: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def fill(disk: Path) -> None:
    with (disk / "filler").open("wb") as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        except OSError:
            pass


def test_check_and_backup_on_a_full_disk_exit_2_with_one_line(tmp_path: Path, small_disk: Path) -> None:
    path = write_config(tmp_path, f"database:\n  path: {small_disk / 'bot.db'}\n")
    assert run_bot("--config", str(path), "--check").returncode == 0
    fill(small_disk)
    check = run_bot("--config", str(path), "--check")
    assert check.returncode == 2 and "Traceback" not in check.stderr
    (line,) = check.stderr.splitlines()
    assert (
        line.startswith(f"jamsosratu: database.path: cannot open {small_disk / 'bot.db'} (")
        and "the disk is full" in line
    )
    (tmp_path / "copies").mkdir()
    (small_disk / "copies").mkdir()
    backup = run_bot("backup", str(small_disk / "copies" / "bot.db"), "--config", str(path))
    assert backup.returncode == 2 and "Traceback" not in backup.stderr
    (line,) = backup.stderr.splitlines()
    assert line.startswith(f"jamsosratu: backup: cannot write {small_disk / 'copies' / 'bot.db'} (")
    assert "the disk is full" in line and not (small_disk / "copies" / "bot.db").exists()
