"""Settings, read once from VOICES_* environment variables; defaults serve a laptop."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path

from voices import paths

IPNetwork = IPv4Network | IPv6Network


def _secret_key(explicit: str | None) -> str:
    """The key that signs resume codes and tokens.

    Several servers must share VOICES_SECRET_KEY. On a laptop we keep a random key in a
    file beside the database so restarts do not invalidate resume codes.
    """
    if explicit is not None and explicit != "":
        if not explicit.strip():
            raise ValueError("VOICES_SECRET_KEY is only spaces: set a real key or unset it")
        return explicit
    key_file = Path(os.environ.get("VOICES_SECRET_KEY_FILE", "voices-secret.key"))
    if key_file.exists():
        key = key_file.read_text().strip()
        if not key:  # an empty key would sign every code and token with nothing
            raise ValueError(
                f"The secret key file {key_file} is empty. Put a long random key in it, "
                "or delete it to have a new one made (saved resume codes then stop working)."
            )
        return key
    key = secrets.token_urlsafe(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def trusted_networks(value: str | None) -> tuple[IPNetwork, ...]:
    """VOICES_TRUSTED_PROXIES: comma-separated addresses or CIDR ranges; none by default."""
    networks = []
    for part in (value or "").split(","):
        if part.strip():
            try:
                networks.append(ip_network(part.strip(), strict=False))
            except ValueError as exc:
                raise ValueError(
                    f"VOICES_TRUSTED_PROXIES: {part.strip()!r} is not an address"
                ) from exc
    return tuple(networks)


def _flag(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SMTP_TLS_MODES = ("none", "starttls", "ssl")


def _tls_mode(value: str | None) -> str:
    mode = (value or "none").strip().lower()
    if mode not in SMTP_TLS_MODES:
        raise ValueError(f"VOICES_SMTP_TLS must be one of {', '.join(SMTP_TLS_MODES)}")
    return mode


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
    invite_hours: int = 72  # how long an invitation link works

    # Email (safeguarding alerts). No host: nothing is sent; emails wait in the outbox.
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_from: str = "voices@localhost"
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_tls: str = "none"  # none, starttls or ssl
    escalate_minutes: int = 30  # an alert nobody acknowledged goes to the admins after this
    mailer_interval_seconds: float = 5.0

    @property
    def https(self) -> bool:
        """Cookies get Secure when told so or when the site is served over HTTPS."""
        return self.secure_cookies or self.base_url.startswith("https://")

    # Proxies whose X-Forwarded-For is believed (voices.security.client_address).
    trusted_proxies: tuple[IPNetwork, ...] = ()

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
            invite_hours=int(env.get("VOICES_INVITE_HOURS", str(cls.invite_hours))),
            smtp_host=env.get("VOICES_SMTP_HOST", "").strip(),
            smtp_port=int(env.get("VOICES_SMTP_PORT", str(cls.smtp_port))),
            smtp_from=env.get("VOICES_SMTP_FROM", cls.smtp_from),
            smtp_user=env.get("VOICES_SMTP_USER", ""),
            smtp_password=env.get("VOICES_SMTP_PASSWORD", ""),
            smtp_tls=_tls_mode(env.get("VOICES_SMTP_TLS")),
            escalate_minutes=int(env.get("VOICES_ESCALATE_MINUTES", str(cls.escalate_minutes))),
            mailer_interval_seconds=float(
                env.get("VOICES_MAILER_INTERVAL_SECONDS", str(cls.mailer_interval_seconds))
            ),
            trusted_proxies=trusted_networks(env.get("VOICES_TRUSTED_PROXIES")),
        )
