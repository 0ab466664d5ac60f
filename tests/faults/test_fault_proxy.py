"""The fault proxy itself: a cut after COMMIT really leaves the write on the server."""

import pytest
import redis
from engine_kit import REDIS_URL
from fault_proxy import fault_proxy
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError


@pytest.mark.mysql
def test_cut_after_commit_keeps_the_write_and_loses_the_reply(mysql_url: str) -> None:
    url = make_url(mysql_url)
    with fault_proxy(url.host or "127.0.0.1", url.port or 3306) as proxy:
        engine = create_engine(proxy.url_for(mysql_url), pool_pre_ping=True)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (id INT PRIMARY KEY)"))
        proxy.cut_after(b"COMMIT")
        with pytest.raises(OperationalError), engine.begin() as conn:
            conn.execute(text("INSERT INTO t VALUES (1)"))
        assert proxy.cuts == 1
        with engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM t")).scalar_one() == 1
        engine.dispose()


@pytest.mark.mysql
def test_down_refuses_and_up_recovers(mysql_url: str) -> None:
    url = make_url(mysql_url)
    with fault_proxy(url.host or "127.0.0.1", url.port or 3306) as proxy:
        engine = create_engine(
            proxy.url_for(mysql_url), pool_pre_ping=True, connect_args={"connect_timeout": 2}
        )
        proxy.down()
        with pytest.raises(OperationalError), engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        proxy.up()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar_one() == 1
        engine.dispose()


@pytest.mark.redis
def test_stall_times_out_a_redis_read() -> None:
    url = make_url(REDIS_URL.replace("redis://", "mysql://"))  # only host and port are read
    with fault_proxy(url.host or "127.0.0.1", url.port or 6379) as proxy:
        client = redis.Redis.from_url(proxy.url_for(REDIS_URL), socket_timeout=0.5)
        assert client.ping()
        proxy.stall()
        with pytest.raises(redis.exceptions.TimeoutError):
            client.get("anything")
        client.close()
