"""Every limit is counted once for the whole platform: in Redis in production, shared by every process.

The two-process test starts two real servers with production settings on Redis (each test run under
its own key prefix, removed afterwards) and sends forms to them in turn: the limit must bite at its
configured count in total, not at that count in each process. Without Redis it is skipped, except in
CI, where it fails: a limit that silently stopped holding is what this test exists to catch.
"""

from __future__ import annotations

import ast
import contextlib
import os
import re
import select
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from livingwell.tests.test_production_settings import GOOD, ROOT, _settings

REDIS_URL = os.environ.get("LIVINGWELL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
RATE = 3
STARTUP_SECONDS = 60  # one Django start-up, normally about five seconds; generous for a busy machine
FORM = "/introduce/about-you/"

# Two plain WSGI servers on free loopback ports, in two processes. Django is loaded once and the
# process then forks, as gunicorn's preload does, so the test pays for one start-up, not two; each
# process has its own memory (and would have its own local-memory cache) and its own Redis connection.
SERVER = """
import os
from wsgiref.simple_server import WSGIRequestHandler, make_server

from django.urls import get_resolver

from livingwell.wsgi import application


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


get_resolver().url_patterns  # load every view before forking, as a preloading server does
servers = [make_server("127.0.0.1", 0, application, handler_class=Quiet) for _ in range(2)]
mine = servers[1] if os.fork() == 0 else servers[0]
os.write(1, f"{os.getpid()} {mine.server_port}\\n".encode())  # one write: the two lines never mix
mine.serve_forever()
"""


def test_it_counts_limits_in_redis_in_production():
    result = _settings(GOOD, "CACHES")
    assert result.returncode == 0, result.stderr
    (caches,) = ast.literal_eval(result.stdout.strip())
    assert caches["limits"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert caches["limits"]["LOCATION"] == GOOD["REDIS_URL"]


@pytest.mark.parametrize(
    ("environment", "redis_url"), [("test", REDIS_URL), ("demo", None), ("development", None)]
)
def test_it_counts_limits_in_local_memory_in_tests_the_demo_and_development(environment, redis_url):
    env = {"LIVINGWELL_ENV": environment, **({"REDIS_URL": redis_url} if redis_url else {})}
    result = _settings(env, "CACHES")
    assert result.returncode == 0, result.stderr
    (caches,) = ast.literal_eval(result.stdout.strip())
    assert caches["limits"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_it_refuses_a_redis_url_that_is_not_one():
    result = _settings({**GOOD, "REDIS_URL": "127.0.0.1:6379"}, "CACHES")
    assert result.returncode != 0
    assert "REDIS_URL must start with redis://" in result.stderr


def test_it_refuses_a_trusted_proxy_that_is_not_an_address():
    result = _settings({**GOOD, "TRUSTED_PROXIES": "10.0.0.0/8, proxy.internal"}, "TRUSTED_PROXIES")
    assert result.returncode != 0
    assert "TRUSTED_PROXIES must be IP addresses or networks: 'proxy.internal'" in result.stderr
    good = _settings({**GOOD, "TRUSTED_PROXIES": "10.0.0.0/8, 2001:db8::1"}, "TRUSTED_PROXIES")
    assert good.stdout.strip() == "(['10.0.0.0/8', '2001:db8::1'],)", good.stderr


@pytest.fixture
def shared_redis() -> Iterator[str]:
    """Give a key prefix of this run's own on a Redis that answers, and remove its keys afterwards."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
    except (redis.RedisError, OSError) as error:
        message = f"Redis does not answer at {REDIS_URL} ({error})"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: CI is set, so this fails rather than skips")
        pytest.skip(f"{message}: start redis-server to run it")
    prefix = f"livingwell-test-{uuid.uuid4().hex}"
    yield prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


def _start(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("w") as errors:  # the child keeps its own copy of the file
        return subprocess.Popen(  # noqa: S603 - our own fixed script, run by this Python
            [sys.executable, "-c", SERVER],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=errors,
            bufsize=0,  # unbuffered, so that select() sees every line the servers print
            start_new_session=True,  # its own process group, so both servers can be stopped together
        )


def _servers(process: subprocess.Popen[bytes], log: Path) -> dict[int, int]:
    """Wait (boundedly) for both processes to listen; return each one's port by process id."""
    assert process.stdout is not None
    deadline = time.monotonic() + STARTUP_SECONDS
    printed = b""
    while printed.count(b"\n") < 2:
        ready, _, _ = select.select([process.stdout], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(process.stdout.fileno(), 1024) if ready else b""
        if not chunk:
            pytest.fail(f"the servers did not start (printed {printed!r}): {log.read_text()[-2000:]}")
        printed += chunk
    found = re.findall(r"^(\d+) (\d+)$", printed.decode(), flags=re.MULTILINE)
    assert len(found) == 2, f"the servers printed {printed!r}"
    return {int(pid): int(port) for pid, port in found}


def _stop(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)  # the group this test started: the server and its fork
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    if process.stdout is not None:
        process.stdout.close()


def _post_form(port: int) -> urllib.request.Request:
    """Fetch the form from this server and return a post of it with nothing filled in."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{FORM}", timeout=10) as page:
        html = page.read().decode()
        cookie = page.headers["Set-Cookie"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token, "the form carries no CSRF token"
    assert cookie, "the form set no CSRF cookie"
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "at_risk_now": "no"}).encode()
    return urllib.request.Request(
        f"http://127.0.0.1:{port}{FORM}", data=body, headers={"Cookie": cookie.split(";")[0]}
    )


def _send(request: urllib.request.Request) -> tuple[int, str | None]:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback http only
            return response.status, None
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After")


def test_two_server_processes_share_one_limit(shared_redis, tmp_path):
    clean = {k: v for k, v in os.environ.items() if k not in {*GOOD, "DEBUG", "LIVINGWELL_ENV_FILE"}}
    env = {
        **clean,
        **GOOD,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback; the proxy does TLS in production
        # Nothing on this path reads the database; an empty file means nothing could be written.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": shared_redis,
        "SELF_INTRODUCTION_RATE_PER_HOUR": str(RATE),
        "SELF_INTRODUCTION_BACKOFF_SECONDS": "30",
    }
    log = tmp_path / "servers.log"
    process = _start(env, log)
    try:
        servers = _servers(process, log)
        assert len(servers) == 2, "the two servers must be two processes"
        forms = [_post_form(port) for port in servers.values()]
        # In turn: A, B, A are read (and answered 400 for the empty form) ...
        for n in range(RATE):
            assert _send(forms[n % 2]) == (400, None), f"form {n + 1} of {RATE} was not read"
        # ... and the next form waits, whichever process it reaches: the count is the platform's.
        for form in (forms[RATE % 2], forms[(RATE + 1) % 2]):
            status, retry_after = _send(form)
            assert status == 429
            assert retry_after is not None
            assert 0 < int(retry_after) <= 30
    finally:
        _stop(process)
