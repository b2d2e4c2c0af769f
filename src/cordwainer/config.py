"""Settings, read from the environment (``CORDWAINER_*``) only at the edges."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CORDWAINER_", frozen=True)

    database_url: str = "sqlite:///var/cordwainer.sqlite"
    host: str = "127.0.0.1"
    port: int = 8000

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"
