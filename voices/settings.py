"""Settings, read once from VOICES_* environment variables; defaults serve a laptop."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from voices import paths


def _secret_key(explicit: str | None) -> str:
    """The key that signs resume codes and tokens.

    Several servers must share VOICES_SECRET_KEY. On a laptop we keep a random key in a
    file beside the database so restarts do not invalidate resume codes.
    """
    if explicit:
        return explicit
    key_file = Path(os.environ.get("VOICES_SECRET_KEY_FILE", "voices-secret.key"))
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _flag(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///voices.db"
    secret_key: str = field(default="", repr=False)
    base_url: str = "http://127.0.0.1:8000"
    surveys_dir: Path = paths.SURVEYS
    resume_days: int = 30
    consultation_cache_seconds: float = 5.0
    secure_cookies: bool = False
    debug: bool = False
    staff_idle_minutes: int = 60
    staff_max_hours: int = 12
    redis_url: str = ""  # phase 2: staff sessions in Redis when set

    @property
    def https(self) -> bool:
        """Cookies get Secure when told so or when the site is served over HTTPS."""
        return self.secure_cookies or self.base_url.startswith("https://")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("VOICES_DATABASE_URL", cls.database_url),
            secret_key=_secret_key(env.get("VOICES_SECRET_KEY")),
            base_url=env.get("VOICES_BASE_URL", cls.base_url).rstrip("/"),
            surveys_dir=Path(env.get("VOICES_SURVEYS_DIR", str(paths.SURVEYS))),
            resume_days=int(env.get("VOICES_RESUME_DAYS", str(cls.resume_days))),
            consultation_cache_seconds=float(
                env.get("VOICES_CONSULTATION_CACHE_SECONDS", str(cls.consultation_cache_seconds))
            ),
            secure_cookies=_flag(env.get("VOICES_SECURE_COOKIES"), False),
            debug=_flag(env.get("VOICES_DEBUG"), False),
            staff_idle_minutes=int(env.get("VOICES_STAFF_IDLE_MINUTES", "60")),
            staff_max_hours=int(env.get("VOICES_STAFF_MAX_HOURS", "12")),
            redis_url=env.get("VOICES_REDIS_URL", ""),
        )
