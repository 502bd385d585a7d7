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
            trusted_proxies=trusted_networks(env.get("VOICES_TRUSTED_PROXIES")),
        )
