"""Configuration: `config.yaml` loaded into pydantic models, overridable from the environment.

The token comes only from TELEGRAM_BOT_TOKEN. Any key may be overridden by an environment
variable JAMSOSRATU__SECTION__KEY (value parsed as YAML). Every problem is reported as a
`ConfigError` whose message is one line naming the key.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

from bot.domain import Box
from bot.schedule import QuietHours, Schedule

if TYPE_CHECKING:
    from bot.regions import Province

ENV_PREFIX = "JAMSOSRATU__"
TOKEN_ENV = "TELEGRAM_BOT_TOKEN"
WEBHOOK_SECRET_ENV = "TELEGRAM_WEBHOOK_SECRET"
# What Telegram accepts as a webhook's secret_token.
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
# A token as @BotFather gives it: the bot's id, a colon, then its secret part.
_TOKEN = re.compile(r"\d{1,20}:[A-Za-z0-9_-]{20,100}")
# A name shown in messages and titles: one line, no control characters.
_ONE_LINE = r"^[^\x00-\x1f\x7f]*\S[^\x00-\x1f\x7f]*$"
DEFAULT_CONFIG_PATH = Path("config.yaml")
# libyaml's loader where PyYAML has it (its wheels do): the pure-Python one reads the commented
# config.yaml in 20 ms of every start, libyaml in under one.
_YAML_LOADER = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader


class ConfigError(Exception):
    """A configuration problem, worded as one line for the operator."""


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DatabaseConfig(Section):
    """Where the data lives: a file path (SQLite: one province, nothing to install) or
    `postgresql://user@host/database` (a server several provinces' bots share; the password from
    PGPASSWORD, ~/.pgpass or the URL itself, best set through JAMSOSRATU__DATABASE__URL)."""

    url: str = "data/jamsosratu.db"
    busy_timeout_ms: int = Field(5000, ge=0)
    # PostgreSQL: where the copy of the province's schema made before a migration goes (SQLite's
    # copy lies beside its file).
    backup_dir: Path = Path("data")

    @model_validator(mode="before")
    @classmethod
    def _path_is_url(cls, data: object) -> object:
        # `database.path`, the key's name before PostgreSQL, still names the SQLite file.
        if isinstance(data, dict) and "path" in data:
            if "url" in data:
                raise ValueError("path and url both given: keep url")
            data = {("url" if key == "path" else key): value for key, value in data.items()}
        return data

    @field_validator("url", mode="before")
    @classmethod
    def _url_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, Path) else value

    @field_validator("url")
    @classmethod
    def _readable_url(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must be a file path or a postgresql:// URL")
        if value.startswith(("postgresql://", "postgres://")):
            try:
                urlsplit(value).port  # noqa: B018 - raises for a port that is not a number
            except ValueError:
                raise ValueError("the PostgreSQL URL's port is not a number") from None
        elif "://" in value:
            raise ValueError("only file paths (SQLite) and postgresql:// URLs are known")
        return value

    @property
    def postgres(self) -> bool:
        return self.url.startswith(("postgresql://", "postgres://"))

    @property
    def path(self) -> Path:
        """The SQLite file (`url` when it is not a PostgreSQL URL)."""
        return Path(self.url)

    @property
    def password(self) -> str | None:
        """The password written in a PostgreSQL URL, which the log must never show."""
        return unquote(urlsplit(self.url).password or "") or None if self.postgres else None


class StorageConfig(Section):
    photo_dir: Path = Path("data/photos")


class LocaleConfig(Section):
    # null: the zone of the province (Settings fills it in), the only one that may be set.
    timezone: str | None = None
    language: Literal["id", "en"] = "id"

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str | None) -> str | None:
        if value is None:
            return value
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @property
    def tz(self) -> ZoneInfo:
        assert self.timezone is not None, "Settings fills in the province's zone"
        return ZoneInfo(self.timezone)


class ProgrammeConfig(Section):
    """The programme the bot serves, as its texts and pages name it."""

    name: str = Field("Jaminan Sosial Rakyat Banten Bersatu", min_length=1, max_length=100, pattern=_ONE_LINE)
    short_name: str = Field("Jamsosratu", min_length=1, max_length=30, pattern=_ONE_LINE)


class AdminsConfig(Section):
    bootstrap_user_ids: list[int] = []
    # The national office's people (Telegram ids): on a PostgreSQL database that several provinces
    # share, `/ringkasan nasional` gives them every province's figures. They also need an admin or
    # coordinator account in this bot.
    national_user_ids: list[int] = []


class BoundingBox(Section):
    min_lat: float = Field(ge=-90, le=90)
    max_lat: float = Field(ge=-90, le=90)
    min_lon: float = Field(ge=-180, le=180)
    max_lon: float = Field(ge=-180, le=180)

    @model_validator(mode="after")
    def _ordered(self) -> BoundingBox:
        if self.min_lat >= self.max_lat or self.min_lon >= self.max_lon:
            raise ValueError("min_lat/min_lon must be below max_lat/max_lon")
        return self


class ProvinceConfig(Section):
    """The province this bot serves; its regions and box come from `bot.regions`."""

    code: str = Field("36", pattern=r"^\d{2}$")
    # null = the province's box from the region data; set only to narrow or widen it.
    bounding_box: BoundingBox | None = None

    @field_validator("code", mode="before")
    @classmethod
    def _code_as_text(cls, value: object) -> object:
        # `code: 52` in YAML, or JAMSOSRATU__PROVINCE__CODE=52, reads as a number.
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("code")
    @classmethod
    def _known_province(cls, value: str) -> str:
        from bot.regions import province

        province(value)
        return value

    @property
    def data(self) -> Province:
        from bot.regions import province

        return province(self.code)

    @property
    def box(self) -> Box:
        """The box of the "outside the province" checks."""
        return Box(**self.bounding_box.model_dump()) if self.bounding_box else self.data.box


class VerificationConfig(Section):
    radius_m: float = Field(100, gt=0)
    # Visit report
    accuracy_cap_m: float = Field(100, gt=0)
    max_accuracy_m: float = Field(150, gt=0)
    max_location_age_s: int = Field(600, gt=0)
    require_live_location: bool = False
    max_speed_kmh: float = Field(120, gt=0)
    exif_max_skew_s: int = Field(3600, gt=0)
    exif_max_distance_m: float = Field(500, gt=0)
    # An uncertain report (no fix's circle within the radius) is counted and listed, and alerted
    # only when this is true (README "Evidence": why not by default).
    alert_uncertain: bool = False
    # The live track (bot/rules/track.py; each threshold's reason is in README "Evidence").
    track_jump_min_m: float = Field(500, gt=0)
    frozen_track_fixes: int = Field(5, ge=2)
    frozen_track_s: int = Field(300, ge=0)
    spot_m: float = Field(15, gt=0)
    spot_window_minutes: int = Field(240, gt=0)
    one_spot_apart_m: float = Field(100, gt=0)
    still_households: int = Field(3, ge=2)
    still_apart_m: float = Field(40, gt=0)
    replay_steps: int = Field(3, ge=2)
    replay_window_days: int = Field(60, ge=1)


# Visit report
# Largest perceptual-hash distance the band index of migration 0004 finds exactly (8 bands).
MAX_PHASH_DISTANCE = 7


class ReportConfig(Section):
    photos_min: int = Field(1, ge=0, le=10)
    photos_max: int = Field(5, ge=1, le=10)
    phash_max_distance: int = Field(5, ge=0, le=MAX_PHASH_DISTANCE)
    # Transformed copies (mirrored, turned, centre-cropped) of any photo of the province: the
    # largest distance between a new photo's turned hashes and an earlier photo's crop hashes,
    # found by the same index as `phash_max_distance`. bench/photo_reuse.py measures it.
    copy_max_distance: int = Field(7, ge=0, le=MAX_PHASH_DISTANCE)
    # Photos beyond these are refused before they are decoded (memory: see README "Photos").
    photo_max_mb: float = Field(20, gt=0, le=2000)
    photo_max_megapixels: float = Field(16, gt=0, le=200)
    photo_decoders: int = Field(1, ge=1, le=8)
    idle_minutes: int = Field(30, gt=0)
    # A report this close to a stored one of the same household and companion may be the same visit.
    duplicate_window_minutes: int = Field(30, ge=0)
    households_per_page: int = Field(6, ge=1, le=20)
    conditions: list[str] = ["health_check", "posyandu", "school", "elderly_care", "disability_care"]

    @model_validator(mode="after")
    def _consistent(self) -> ReportConfig:
        from bot.texts import TEXTS

        if self.photos_min > self.photos_max:
            raise ValueError("photos_min must not be above photos_max")
        unknown = [key for key in self.conditions if f"report.condition.{key}" not in TEXTS]
        if unknown:
            raise ValueError(f"conditions without a text in bot/texts/: {', '.join(unknown)}")
        if len(set(self.conditions)) != len(self.conditions):
            raise ValueError("conditions must not repeat")
        return self


# Reminders, digests, alerts, exports, map


class SchedulesConfig(Section):
    """When the office's scheduled sends go out, written as "mon 07:00" or "daily 07:30" (in `locale.timezone`)."""

    weekly_digest: str = "mon 07:00"
    reminders: str = "daily 07:30"
    alerts_every_s: int = Field(20, ge=5, le=60)
    catch_up_grace_days: float = Field(3, ge=0)

    @field_validator("weekly_digest", "reminders")
    @classmethod
    def _readable_schedule(cls, value: str) -> str:
        Schedule.parse(value)
        return value


class RemindersConfig(Section):
    overdue_days: int = Field(30, ge=1)
    max_listed: int = Field(10, ge=1, le=40)
    quiet_hours: str | None = "21:00-06:00"

    @field_validator("quiet_hours")
    @classmethod
    def _readable_hours(cls, value: str | None) -> str | None:
        if value is not None:
            QuietHours.parse(value)
        return value


class DigestConfig(Section):
    longest_unvisited: int = Field(5, ge=1, le=50)


class TasksConfig(Section):
    # A recipient who has not pressed ✅ Siap this long after receiving a task is reminded once.
    ack_reminder_hours: float = Field(24, gt=0, le=24 * 30)
    # How often the bot looks for task messages to send besides the ones it sends at once.
    round_every_s: int = Field(60, ge=5, le=3600)
    # A task being written with /tugas ends after this long without a step.
    idle_minutes: int = Field(120, gt=0)


class DeliveryConfig(Section):
    retry_backoff_s: list[float] = Field([2, 10, 30], max_length=6)

    @field_validator("retry_backoff_s")
    @classmethod
    def _not_negative(cls, value: list[float]) -> list[float]:
        if any(delay < 0 for delay in value):
            raise ValueError("delays must not be negative")
        return value


class TelegramConfig(Section):
    base_url: str | None = None
    base_file_url: str | None = None
    poll_timeout_s: int = Field(30, ge=0, le=300)
    # Telegram answers most calls within a second, but several seconds are common on a bad day.
    read_timeout_s: float = Field(30, gt=0, le=300)
    connect_timeout_s: float = Field(10, gt=0, le=120)
    # polling: the bot asks Telegram for updates; webhook: Telegram posts them to webhook_url.
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None
    listen: str = "127.0.0.1"
    port: int = Field(8443, ge=0, le=65535)
    max_connections: int = Field(40, ge=1, le=100)
    # Updates of one person held at once (being handled or waiting); what comes beyond is dropped.
    queued_per_user: int = Field(20, ge=1, le=1000)

    @field_validator("webhook_url")
    @classmethod
    def _public_https_address(cls, value: str | None) -> str | None:
        if value is None:
            return value
        if not value.lower().startswith("https://"):
            raise ValueError(
                f"{value!r} is not an https:// address: Telegram posts updates only over HTTPS, so give the "
                "public name of the reverse proxy that holds the certificate (e.g. https://bot.example.go.id/telegram)"
            )
        if not re.fullmatch(r"https://[^/?#\s]+(/[^?#\s]*)?", value, re.IGNORECASE):
            raise ValueError(f"{value!r} must be https://<public name>/<path>, without spaces, query or fragment")
        return value

    @model_validator(mode="after")
    def _webhook_has_url(self) -> TelegramConfig:
        if self.mode == "webhook" and not self.webhook_url:
            raise ValueError("webhook_url is required when mode is webhook")
        return self

    @property
    def webhook_path(self) -> str:
        """The path Telegram posts to, which the reverse proxy passes on unchanged."""
        return urlsplit(self.webhook_url or "").path or "/"


class LoggingConfig(Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    activity_every_s: int = Field(3600, ge=60, le=24 * 3600)


# Registry
class RegistryConfig(Section):
    invitation_ttl_hours: int = Field(72, gt=0, le=24 * 90)
    # A /kpmbaru entry left untouched this long (minutes) ends with a message; nothing is saved.
    entry_idle_minutes: int = Field(120, gt=0)
    import_max_mb: float = Field(20, gt=0, le=2000)
    import_max_rows: int = Field(1_000_000, gt=0)
    import_max_columns: int = Field(100, ge=11, le=16_384)
    import_max_cell_chars: int = Field(1000, ge=100)
    import_max_shared_strings: int = Field(4_000_000, gt=0)
    import_max_shared_strings_mb: float = Field(100, gt=0)
    import_max_unpacked_mb: float = Field(1000, gt=0)
    # Telegram takes documents up to 50 MB; the file of invalid rows goes in parts below this.
    import_error_part_mb: float = Field(45, gt=0, le=49)


# Paths the dashboard serves (handlers/web/app.py): a webhook path must be another.
DASHBOARD_PATHS = ("/api/", "/static/", "/login")


class DashboardConfig(Section):
    """The office's live dashboard (handlers/web): a Mini App inside Telegram and a page in a
    browser, served by the bot's own HTTP server."""

    enabled: bool = False
    # Where it listens; null = the webhook server's own address in webhook mode (one server
    # takes Telegram's posts and serves the dashboard), else 127.0.0.1:8080.
    host: str | None = None
    port: int | None = Field(None, ge=0, le=65535)
    # The address people open (behind the HTTPS reverse proxy); Telegram opens Mini Apps only
    # over https. The session cookie is Secure when it is https.
    public_url: str | None = Field(None, pattern=r"^https?://[^/?#\s]+(/[^?#\s]*)?$")
    # Mini App launch data (initData) older than this is refused (seconds).
    init_data_max_age_s: int = Field(3600, ge=60, le=7 * 24 * 3600)
    # How long a signed-in dashboard stays signed in without being opened again (hours).
    session_hours: float = Field(12, gt=0, le=24 * 30)
    # How long a /pantau login link stays valid (minutes); used once.
    login_link_minutes: int = Field(10, ge=1, le=60)
    # Background map tiles ({z}/{x}/{y}); null = none (offline: the province's outline only).
    tile_url: str | None = Field(
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png", pattern=r"^https://[^/?#\s]+/\S*\{z\}\S*$"
    )
    tile_attribution: str = "© OpenStreetMap contributors"

    @property
    def secure(self) -> bool:
        return (self.public_url or "").startswith("https://")


# Field updates and programme follow-up
class UpdatesConfig(Section):
    # Admins always decide companions' proposed changes; with this, the coordinators of the
    # household's region may too.
    coordinators_approve: bool = False
    # A proposal being written that is left untouched this long (minutes) ends with a message.
    idle_minutes: int = Field(30, gt=0)


class FollowupConfig(Section):
    # A household is followed up when the same condition was a problem in this many of its
    # latest visits in a row.
    consecutive_visits: int = Field(2, ge=2, le=10)
    # How many the digest's message and a reminder name (the workbook and /tindaklanjut list all).
    listed: int = Field(10, ge=1, le=40)


class Settings(Section):
    """The whole configuration. `token` is filled from the environment only."""

    database: DatabaseConfig = DatabaseConfig()
    storage: StorageConfig = StorageConfig()
    locale: LocaleConfig = LocaleConfig()
    admins: AdminsConfig = AdminsConfig()
    province: ProvinceConfig = ProvinceConfig()
    programme: ProgrammeConfig = ProgrammeConfig()
    verification: VerificationConfig = VerificationConfig()
    telegram: TelegramConfig = TelegramConfig()
    logging: LoggingConfig = LoggingConfig()
    # Registry
    registry: RegistryConfig = RegistryConfig()
    # Field updates and programme follow-up
    updates: UpdatesConfig = UpdatesConfig()
    followup: FollowupConfig = FollowupConfig()

    # Visit report
    report: ReportConfig = ReportConfig()

    # Reminders, digests, alerts, exports, map
    schedules: SchedulesConfig = SchedulesConfig()
    reminders: RemindersConfig = RemindersConfig()
    digest: DigestConfig = DigestConfig()
    delivery: DeliveryConfig = DeliveryConfig()
    dashboard: DashboardConfig = DashboardConfig()
    tasks: TasksConfig = TasksConfig()

    token: SecretStr | None = Field(None, exclude=True)
    # The secret every webhook request must carry; from the environment only.
    webhook_secret: SecretStr | None = Field(None, exclude=True)

    @model_validator(mode="after")
    def _one_server(self) -> Settings:
        # In webhook mode one HTTP server takes Telegram's posts and serves the dashboard.
        dashboard, telegram = self.dashboard, self.telegram
        if dashboard.enabled and not dashboard.public_url:
            raise ValueError("dashboard.public_url: required when the dashboard is enabled (the address people open)")
        if dashboard.enabled and telegram.mode == "webhook":
            for key, own, webhook in (
                ("host", dashboard.host, telegram.listen),
                ("port", dashboard.port, telegram.port),
            ):
                if own is not None and own != webhook:
                    raise ValueError(f"dashboard.{key}: leave it empty in webhook mode (the webhook server serves it)")
            path = telegram.webhook_path
            if path == "/" or path.startswith(DASHBOARD_PATHS):
                raise ValueError(f"telegram.webhook_url: its path {path} is the dashboard's; use e.g. /telegram")
        return self

    @property
    def dashboard_address(self) -> tuple[str, int]:
        """Where the bot's HTTP server listens for the dashboard."""
        if self.telegram.mode == "webhook":
            return self.telegram.listen, self.telegram.port
        dashboard = self.dashboard
        return dashboard.host or "127.0.0.1", 8080 if dashboard.port is None else dashboard.port

    @model_validator(mode="before")
    @classmethod
    def _zone_of_the_province(cls, data: Any) -> Any:
        """`locale.timezone` left out (or null): the zone of `province.code`."""
        from bot.regions import province_zone

        if not isinstance(data, dict):
            return data
        province, locale = data.get("province") or {}, data.get("locale") or {}
        if not isinstance(province, dict) or not isinstance(locale, dict) or locale.get("timezone") is not None:
            return data
        zone = province_zone(province.get("code", ProvinceConfig.model_fields["code"].default))
        return {**data, "locale": {**locale, "timezone": zone}} if zone else data

    @model_validator(mode="after")
    def _zone_agrees_with_the_province(self) -> Settings:
        """A zone other than the province's would send reminders an hour off and label times wrongly."""
        own = ZoneInfo(self.province.data.timezone)
        now = datetime.now(UTC)
        if now.astimezone(self.locale.tz).utcoffset() != now.astimezone(own).utcoffset():
            raise ValueError(
                f"locale.timezone: {self.locale.timezone} ({_zone_label(self.locale.tz, now)}) is not the time of "
                f"{self.province.data.name} (province.code {self.province.code}), which is {own.key} "
                f"({_zone_label(own, now)}); remove the key to follow the province"
            )
        return self

    def text_values(self, lang: str) -> dict[str, str]:
        """What the catalogue's installation-dependent sentences fill in: the province's codes and
        examples (`bot.regions`) and the programme's names."""
        from bot.regions import province_values

        programme = {"programme": self.programme.name, "programme_short": self.programme.short_name}
        return {**province_values(self.province.code, lang), **programme}


def _zone_label(tz: ZoneInfo, now: datetime) -> str:
    """ "WITA, UTC+8"."""
    local = now.astimezone(tz)
    offset = local.utcoffset()
    hours = offset.total_seconds() / 3600 if offset is not None else 0
    return f"{local:%Z}, UTC{hours:+g}"


def load_settings(
    path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    require_token: bool = True,
) -> Settings:
    """Read the YAML file, apply environment overrides and validate everything."""
    environ = os.environ if environ is None else environ
    data = _read_yaml(path or DEFAULT_CONFIG_PATH)
    if "token" in data:
        raise ConfigError(f"token: must not be in the file; set the environment variable {TOKEN_ENV}")
    if "webhook_secret" in data:
        raise ConfigError(f"webhook_secret: must not be in the file; set the environment variable {WEBHOOK_SECRET_ENV}")
    _apply_env_overrides(data, environ)
    token = environ.get(TOKEN_ENV, "").strip()
    if token and not _TOKEN.fullmatch(token):
        raise ConfigError(
            f"token: {TOKEN_ENV} is malformed: a token reads 123456789:AA… (the bot's id, a colon, then "
            "letters, digits, _ and -); copy it again from @BotFather"
        )
    if require_token and not token:
        raise ConfigError(f"token: environment variable {TOKEN_ENV} is not set")
    if token:
        data["token"] = token
    secret = environ.get(WEBHOOK_SECRET_ENV, "").strip()
    if secret:
        if not _WEBHOOK_SECRET.fullmatch(secret):
            raise ConfigError(f"{WEBHOOK_SECRET_ENV}: use 1-256 characters A-Z, a-z, 0-9, _ and -")
        data["webhook_secret"] = secret
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from None
    if require_token and settings.telegram.mode == "webhook" and settings.webhook_secret is None:
        raise ConfigError(f"telegram.mode: webhook mode needs the environment variable {WEBHOOK_SECRET_ENV}")
    return settings


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"config file {path}: cannot be read ({exc.strerror or exc})") from None
    try:
        data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ConfigError(f"config file {path}: not valid YAML{where}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path}: must be a mapping of sections")
    return data


def _apply_env_overrides(data: dict[str, Any], environ: Mapping[str, str]) -> None:
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        keys = [part.lower() for part in name[len(ENV_PREFIX) :].split("__") if part]
        if not keys:
            continue
        try:
            value = yaml.load(raw, Loader=_YAML_LOADER)
        except yaml.YAMLError:
            raise ConfigError(f"{'.'.join(keys)}: environment value in {name} is not valid YAML") from None
        node = data
        for key in keys[:-1]:
            child = node.setdefault(key, {})
            if not isinstance(child, dict):
                raise ConfigError(f"{'.'.join(keys)}: {name} overrides a key that is not a section")
            node = child
        if keys[:-1] == ["database"] and keys[-1] in _DATABASE_LOCATION:
            # The environment's database replaces the file's, under either name (`path`, older).
            for other in _DATABASE_LOCATION - {keys[-1]}:
                if f"{ENV_PREFIX}DATABASE__{other.upper()}" not in environ:
                    node.pop(other, None)
        node[keys[-1]] = value


_DATABASE_LOCATION = {"url", "path"}


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown key"
        # A check across sections names its key itself.
        parts.append(f"{key}: {message}" if error["loc"] else message)
    return "; ".join(parts)
