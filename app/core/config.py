"""Settings, read from the environment (prefix ``ROR_``) so that two stacks can live side by side."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ROR_", extra="ignore")

    opensearch_url: str = Field(
        default="http://127.0.0.1:9200", description="Base URL of the OpenSearch node or cluster."
    )
    opensearch_timeout_s: float = Field(default=10.0, gt=0)
    database_url: str = Field(
        default="postgresql+psycopg://ror:ror@127.0.0.1:5433/ror",
        description="SQLAlchemy URL of the PostGIS directory (system of record).",
    )
    index: str = Field(default="ror-offers", description="Alias of the searchable offer index.")
    index_shards: int = Field(default=1, ge=1, description="Primary shards of a new index.")
    index_replicas: int = Field(default=0, ge=0, description="Replicas of a new index (0 on one node).")
    bulk_chunk_size: int = Field(default=1000, ge=1, description="Documents per bulk request (see docs/indexing.md).")
    reject_dir: str = Field(default=".run/rejects", description="Where ingestion writes reject reports.")
    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)

    @property
    def database_url_masked(self) -> str:
        """The database URL with its password hidden, for logs and status output."""
        return make_url(self.database_url).render_as_string(hide_password=True)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
