"""A bad configuration stops start-up with exit status 2 and one line naming the key."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings

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
    assert settings.database.url == "data/jamsosratu.db" and not settings.database.postgres
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
        ("token: abc\n", {}, "token: must not be in the file"),
        ("", {"JAMSOSRATU__VERIFICATION__RADIUS_M": "-5"}, "verification.radius_m:"),
        ("database: [1, 2\n", {}, "not valid YAML"),
    ],
)
def test_bad_configuration_names_the_key(tmp_path: Path, text: str, env: dict[str, str], expected: str) -> None:
    path = write_config(tmp_path, text)
    with pytest.raises(ConfigError, match=expected.replace(".", r"\.").replace("(", r"\(")):
        load_settings(path, {"TELEGRAM_BOT_TOKEN": TOKEN, **env})


def test_missing_token_is_named() -> None:
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        load_settings(ROOT / "config.yaml", {})


def test_environment_overrides_any_key(tmp_path: Path) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "JAMSOSRATU__DATABASE__URL": str(tmp_path / "other.db"),
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
    result = run_bot("--check")
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_unopenable_database_path_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    path = write_config(tmp_path, f"database:\n  url: {blocker / 'sub' / 'x.db'}\n")
    result = run_bot("--config", str(path), "--check", env={"TELEGRAM_BOT_TOKEN": TOKEN})
    assert result.returncode == 2
    assert result.stderr.startswith("jamsosratu: database.url: cannot open")


def test_the_older_key_database_path_still_names_the_sqlite_file(tmp_path: Path) -> None:
    settings = load_settings(write_config(tmp_path, "database:\n  path: old/bot.db\n"), {"TELEGRAM_BOT_TOKEN": TOKEN})
    assert settings.database.path == Path("old/bot.db") and not settings.database.postgres
    with pytest.raises(ConfigError, match=r"^database: path and url both given"):
        load_settings(write_config(tmp_path, "database:\n  path: a.db\n  url: b.db\n"), {"TELEGRAM_BOT_TOKEN": TOKEN})


def test_check_creates_the_database_and_reports_its_version(tmp_path: Path) -> None:
    db_path = tmp_path / "data" / "fresh.db"
    path = write_config(tmp_path, f"database:\n  url: {db_path}\n")
    result = run_bot("--config", str(path), "--check", env={"TELEGRAM_BOT_TOKEN": TOKEN})
    assert result.returncode == 0, result.stderr
    assert db_path.exists()
    assert "schema version" in result.stdout
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600, "personal data: the bot's user only"
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700


def test_backup_command_copies_the_database(tmp_path: Path) -> None:
    db_path = tmp_path / "live.db"
    path = write_config(tmp_path, f"database:\n  url: {db_path}\n")
    assert run_bot("--config", str(path), "--check", env={"TELEGRAM_BOT_TOKEN": TOKEN}).returncode == 0
    copy = tmp_path / "backups" / "copy.db"
    result = run_bot("backup", str(copy), "--config", str(path))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600 and stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT COUNT(*) FROM regions").fetchone()[0] == 9


def test_the_environments_database_replaces_the_files_under_either_name(tmp_path: Path) -> None:
    in_file = write_config(tmp_path, "database:\n  url: file.db\n")
    older = load_settings(in_file, {"TELEGRAM_BOT_TOKEN": TOKEN, "JAMSOSRATU__DATABASE__PATH": "env.db"})
    assert older.database.url == "env.db"
    url = "postgresql://jamsosratu@localhost/jamsosratu"
    environ = {"TELEGRAM_BOT_TOKEN": TOKEN, "JAMSOSRATU__DATABASE__URL": url}
    newer = load_settings(write_config(tmp_path, "database:\n  path: file.db\n"), environ)
    assert newer.database.postgres and newer.database.url == url
