"""Drop and create a PostgreSQL database next to the one in URL; print its URL.

python .ci/smoke/fresh_database.py postgres://user:pass@host:port/db NEW_NAME
"""

import sys
from urllib.parse import urlparse, urlunparse

import psycopg

url, name = sys.argv[1], sys.argv[2]
parts = urlparse(url)
with psycopg.connect(
    host=parts.hostname,
    port=parts.port or 5432,
    user=parts.username,
    password=parts.password,
    dbname="postgres",
    autocommit=True,
) as connection:
    connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.execute(f'CREATE DATABASE "{name}"')
print(urlunparse(parts._replace(path=f"/{name}")))
