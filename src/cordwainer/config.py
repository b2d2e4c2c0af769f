"""Settings, read from the environment (``CORDWAINER_*``) only at the edges."""

from __future__ import annotations

import secrets

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def _random_key() -> SecretStr:
    return SecretStr(secrets.token_hex(32))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CORDWAINER_", frozen=True)

    database_url: str = "sqlite:///var/cordwainer.sqlite"
    host: str = "127.0.0.1"
    port: int = 8000
    # Signs the station terminal's badge cookie (who is badged in at a bench). Without
    # CORDWAINER_SECRET_KEY each process makes a random one: a restart then asks everyone
    # to badge in again, and several processes behind one address would not know each
    # other's badges. Set it (any long random string) when that matters.
    secret_key: SecretStr = Field(default_factory=_random_key)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"
