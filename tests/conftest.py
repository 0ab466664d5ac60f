"""Database fixtures: every test gets its own SQLite file, MariaDB database or PostgreSQL database.

Server URLs come from HELPLINE_TEST_MYSQL_URL / HELPLINE_TEST_POSTGRES_URL / HELPLINE_TEST_REDIS_URL
(.ci/run exports them). In CI (CI=true) a missing server fails the test; elsewhere it skips.
"""

import os
import platform
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from engine_kit import REDIS_URL, copy_database, seeded_template
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from helpline.config import Settings
from helpline.store import migrate
from helpline.store.db import Database, open_database

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _pin_whisper_kernels() -> None:
    """Whisper's int8 kernels are chosen by CPU: Intel MKL on Intel hosts, oneDNN elsewhere,
    and they round differently, so a few clips are read differently on another host
    (docs/benchmarks.md, "Whisper's kernels pinned in the tests"). The speech tests' guards are
    levels of the code, not of the host: every test process, and every server the tests start,
    uses oneDNN at AVX2, which the x86-64 hosts of this machine kind all have. The product keeps
    its host's fastest kernels."""
    if platform.machine() != "x86_64":
        return
    try:
        cpu = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return
    if " avx2" not in cpu:
        return
    for name, value in (
        ("CT2_USE_MKL", "0"),
        ("CT2_FORCE_CPU_ISA", "AVX2"),
        ("ONEDNN_MAX_CPU_ISA", "AVX2"),
    ):
        os.environ.setdefault(name, value)


_pin_whisper_kernels()

SERVER_URLS = {
    "mysql": os.environ.get("HELPLINE_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/test"),
    "postgres": os.environ.get(
        "HELPLINE_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test"
    ),
}


def unavailable(what: str, reason: str) -> None:
    """Skip outside CI; fail in CI, where every integration test must run."""
    message = f"{what} is not reachable ({reason})"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def _server_database(kind: str) -> Iterator[str]:
    """Create a throw-away database on the server and yield its URL; drop it afterwards."""
    admin_url = make_url(SERVER_URLS[kind])
    name = f"helpline_t_{uuid.uuid4().hex[:10]}"
    engine = create_engine(
        admin_url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )
    try:
        with engine.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}"))
    except Exception as exc:
        engine.dispose()
        unavailable(
            f"{kind} server {admin_url.render_as_string(hide_password=True)}",
            str(exc).splitlines()[0],
        )
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            if kind == "postgres":
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
                    )
                )
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        engine.dispose()


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("mysql", marks=pytest.mark.mysql),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'helpline.db'}"
    else:
        yield from _server_database(request.param)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'helpline.db'}"


@pytest.fixture
def mysql_url() -> Iterator[str]:
    yield from _server_database("mysql")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _server_database("postgres")


def make_database(url: str) -> Database:
    database = open_database(Settings(database_url=url))
    migrate.upgrade(database.engine)
    return database


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    """A migrated, empty database on each backend."""
    database = make_database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_database(sqlite_url: str) -> Iterator[Database]:
    database = make_database(sqlite_url)
    yield database
    database.dispose()


@pytest.fixture
def database_at():
    """Build a migrated database at a URL; disposed at the end of the test."""
    made: list[Database] = []

    def build(url: str) -> Database:
        made.append(make_database(url))
        return made[-1]

    yield build
    for database in made:
        database.dispose()


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo operator seeded once per session (per xdist worker) into a SQLite file."""
    return seeded_template(tmp_path_factory.mktemp("seeded"))


@pytest.fixture
def seeded(seeded_file: Path, tmp_path: Path) -> Iterator[Database]:
    """The demo operator in a SQLite database of this test's own."""
    database = copy_database(seeded_file, tmp_path)
    yield database
    database.dispose()


@pytest.fixture
def redis_space() -> Iterator[tuple[Redis, str]]:
    """The Redis service and a key prefix of this test's own."""
    client = Redis.from_url(REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except RedisError as exc:
        unavailable(f"redis at {REDIS_URL}", str(exc))
    prefix = f"helpline-test:{uuid.uuid4().hex[:8]}:"
    yield client, prefix
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()
