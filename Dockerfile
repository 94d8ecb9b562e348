# The ror-search API (and the indexer job, same image). For users with Docker; see docker-compose.yml.
FROM python:3.11-slim
WORKDIR /srv/ror-search
COPY pyproject.toml README.md ./
COPY app ./app
COPY indexer ./indexer
COPY nomenclatures ./nomenclatures
COPY mappings ./mappings
COPY data ./data
RUN pip install --no-cache-dir -e .
ENV ROR_API_HOST=0.0.0.0 ROR_API_PORT=8000
EXPOSE 8000
CMD ["ror-search", "serve"]
