"""A TCP fault proxy: sits between helpline and a real server and fails on purpose.

Modes, switched at any time from the test:
- ``up``: bytes pass both ways.
- ``down``: new connections are refused (closed at once) and open ones are cut.
- ``stall``: connections stay open but nothing passes either way (a server that stops answering).
- ``cut_after(pattern)``: the first client chunk containing ``pattern`` (for example ``b"COMMIT"``
  or ``b"SET"``) is delivered to the server, then both sides are closed before the server's reply
  reaches the client: the server did the work, the client never hears so. One shot, then ``up``.
- ``stall_after(pattern)``: the first client chunk containing ``pattern`` is delivered, then the
  proxy stalls: the server did the work, its answer never comes (until ``up``).
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

# The bare COMMIT of each wire protocol, for cut_after: MySQL's COM_QUERY is \x03, and the
# "SET autocommit" a new MySQL connection sends holds "commit" too and must not be the one cut.
COMMIT = {"mysql": b"\x03COMMIT", "postgresql": b"COMMIT"}


@dataclass
class _State:
    mode: str = "up"
    pattern: bytes = b""
    cuts: int = 0  # how many cut_after faults have fired
    then: str = "up"  # the mode once the pattern has passed: "up" (after a cut) or "stall"
    lock: threading.Lock = field(default_factory=threading.Lock)


class FaultProxy:
    """Listens on 127.0.0.1:<port> and forwards to (host, port) unless told to fail."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._state = _State()
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port: int = self._server.getsockname()[1]
        self._pairs: list[tuple[socket.socket, socket.socket]] = []
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)
        self._thread.start()

    # -- control ---------------------------------------------------------------------------
    @property
    def mode(self) -> str:
        return self._state.mode

    @property
    def cuts(self) -> int:
        return self._state.cuts

    def up(self) -> None:
        self._set("up")

    def down(self) -> None:
        self._set("down")
        self._close_all()

    def stall(self) -> None:
        self._set("stall")

    def cut_after(self, pattern: bytes) -> None:
        """Deliver the next client chunk holding ``pattern``, then cut before the reply."""
        self._after(pattern, then="up")

    def stall_after(self, pattern: bytes) -> None:
        """Deliver the next client chunk holding ``pattern``, then answer nothing more."""
        self._after(pattern, then="stall")

    def _after(self, pattern: bytes, *, then: str) -> None:
        with self._state.lock:
            self._state.mode = "cut_after" if then == "up" else "stall_after"
            self._state.pattern = pattern.lower()
            self._state.then = then

    def close(self) -> None:
        self._stopped.set()
        self._close_all()
        self._server.close()
        self._thread.join(timeout=2)

    def url_for(self, url: str) -> str:
        """The same SQLAlchemy or Redis URL, pointed at the proxy instead of the server."""
        host, port = self._target
        for old in (f"{host}:{port}", f"localhost:{port}"):
            if old in url:
                return url.replace(old, f"127.0.0.1:{self.port}")
        raise ValueError(f"{url} does not point at {host}:{port}")

    def _set(self, mode: str) -> None:
        with self._state.lock:
            self._state.mode = mode
            self._state.pattern = b""

    def _close_all(self) -> None:
        with self._state.lock:
            pairs, self._pairs = self._pairs, []
        for client, server in pairs:
            for sock in (client, server):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()

    # -- forwarding ------------------------------------------------------------------------
    def _accept_loop(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self._state.mode == "down":
                client.close()
                continue
            try:
                server = socket.create_connection(self._target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._state.lock:
                self._pairs.append((client, server))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()

    def _pump(self, client: socket.socket, server: socket.socket) -> None:
        peers = {client: server, server: client}
        try:
            while not self._stopped.is_set():
                if self._state.mode == "stall":
                    # Waiting bytes would wake select at once: sleep instead of spinning.
                    time.sleep(0.05)
                    continue
                try:
                    ready, _, _ = select.select([client, server], [], [], 0.1)
                except (OSError, ValueError):
                    return
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    if self._state.mode == "down":
                        return
                    peers[sock].sendall(data)
                    fired = self._fired(data) if sock is client else None
                    if fired == "up":
                        # The client loses its connection now; the server keeps its end a
                        # moment so it reads and carries out what it was sent.
                        with contextlib.suppress(OSError):
                            client.close()
                        time.sleep(0.3)
                        return
                    if fired == "stall":
                        break
        except OSError:
            return
        finally:
            for sock in (client, server):
                with contextlib.suppress(OSError):
                    sock.close()

    def _fired(self, data: bytes) -> str | None:
        """The mode this chunk switches to when it fires the armed fault ("up" after a cut,
        "stall"), or None."""
        with self._state.lock:
            armed = self._state.mode in ("cut_after", "stall_after")
            if not armed or self._state.pattern not in data.lower():
                return None
            self._state.mode = self._state.then
            self._state.pattern = b""
            if self._state.then == "up":
                self._state.cuts += 1
            return self._state.then


@contextlib.contextmanager
def fault_proxy(host: str, port: int) -> Iterator[FaultProxy]:
    """A proxy for the duration of a test."""
    proxy = FaultProxy(host, port)
    try:
        yield proxy
    finally:
        proxy.close()
