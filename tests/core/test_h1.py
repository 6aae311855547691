"""HTTP/1.1 framing (lite_client._h1, sans-IO) and the two CPython transports built on it, against a
raw-socket server on 127.0.0.1 that answers with exactly the bytes each test gives it."""

from __future__ import annotations

import asyncio
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lite_client import errors
from lite_client._h1 import BodyFramer, ResponseHead, encode_request, parse_head, split_head
from lite_client._http import Request
from lite_client.transports.asyncio_http import AsyncioTransport
from lite_client.transports.stdlib import StdlibTransport

URL = "http://127.0.0.1:1/x"


# -- pure -----------------------------------------------------------------------------------------------
def test_encode_request() -> None:
    key, data = encode_request(Request("POST", "http://[::1]:8080/a/b?q=1", {"X-A": "1"}))
    assert key == ("http", "::1", 8080)
    head = data.decode("latin-1")
    assert head.startswith("POST /a/b?q=1 HTTP/1.1\r\nhost: [::1]:8080\r\n")
    assert "content-length: 0\r\n" in head and "x-a: 1\r\n" in head and head.endswith("\r\n\r\n")
    assert encode_request(Request("GET", "https://h.example"))[0] == ("https", "h.example", 443)
    line = encode_request(Request("GET", "http://h/file=/tmp/my ü.txt?a=%20b&c=d"))[1].split(b"\r\n")[0]
    assert line == b"GET /file=/tmp/my%20%C3%BC.txt?a=%20b&c=d HTTP/1.1"  # as fetch sends it
    with pytest.raises(errors.InputError, match="line break"):
        encode_request(Request("GET", URL, {"x-evil": "a\r\nhost: other"}))
    with pytest.raises(errors.InputError, match="latin-1"):
        encode_request(Request("GET", URL, {"x-name": "snow ☃"}))
    with pytest.raises(errors.InputError, match="Unsupported URL"):
        encode_request(Request("GET", "ftp://h/x"))
    with pytest.raises(errors.InputError, match="port"):
        encode_request(Request("GET", "http://h:99999999/x"))


def test_heads() -> None:
    buffer = bytearray(b"HTTP/1.1 200 OK\r\nA: 1\r\nA: 2\r\n\r\nbody")
    raw = split_head(buffer, URL)
    assert raw is not None and bytes(buffer) == b"body"
    head = parse_head(raw, URL)
    assert (head.status, head.reason, head.get("a")) == (200, "OK", "1, 2")
    assert split_head(bytearray(b"HTTP/1.1 200 OK\r\n"), URL) is None
    assert parse_head(b"HTTP/1.1 103 Early Hints\r\n\r\n", URL).is_interim
    assert not parse_head(b"HTTP/1.1 101 Switching\r\n\r\n", URL).is_interim
    for bad in (b"HTTP/1.1 abc\r\n\r\n", b"SSH-2.0-OpenSSH\r\n\r\n", b"HTTP/1.1 200 OK\r\nno colon\r\n\r\n"):
        with pytest.raises(errors.ProtocolError):
            parse_head(bad, URL)
    with pytest.raises(errors.ProtocolError, match="too large"):
        split_head(bytearray(b"x" * 300_000), URL)


def _head(*headers: tuple[str, str], status: int = 200, version: str = "HTTP/1.1") -> ResponseHead:
    return ResponseHead(status, "", list(headers), version)


def test_framing() -> None:
    framer = BodyFramer(_head(("Content-Length", "5")), "GET")
    assert framer.feed(b"ab") == b"ab" and not framer.done
    assert framer.feed(b"cde") == b"cde" and framer.done and framer.reusable
    excess = BodyFramer(_head(("Content-Length", "2")), "GET")
    assert excess.feed(b"abcd") == b"ab" and excess.done and not excess.reusable
    chunked = BodyFramer(_head(("Transfer-Encoding", "chunked")), "GET")
    assert chunked.feed(b"3\r\nabc\r\n") == b"abc" and not chunked.done
    assert not chunked.end_of_input()  # cut short
    assert chunked.feed(b"0\r\n\r\n") == b"" and chunked.done and chunked.reusable
    until_close = BodyFramer(_head(), "GET")
    assert until_close.feed(b"xyz") == b"xyz" and until_close.end_of_input() and not until_close.reusable
    assert BodyFramer(_head(("Content-Length", "9")), "HEAD").done
    assert BodyFramer(_head(status=204), "GET").done
    closing = BodyFramer(_head(("Content-Length", "1"), ("Connection", "close")), "GET")
    closing.feed(b"a")
    assert closing.done and not closing.reusable
    assert not BodyFramer(_head(("Content-Length", "0"), version="HTTP/1.0"), "GET").reusable
    for bad in ("-1", "abc"):
        with pytest.raises(errors.ProtocolError):
            BodyFramer(_head(("Content-Length", bad)), "GET")


# -- a server that says exactly what the test wants -------------------------------------------------------------
Script = Callable[[socket.socket, int], None]  # (connection, index of the connection)


class RawServer:
    def __init__(self, script: Script, tls: ssl.SSLContext | None = None) -> None:
        self._script = script
        self._tls = tls
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            if self._tls is not None:
                try:
                    conn = self._tls.wrap_socket(conn, server_side=True)
                except (OSError, ssl.SSLError):
                    continue
            index, self.connections = self.connections, self.connections + 1
            threading.Thread(target=self._run, args=(conn, index), daemon=True).start()

    def _run(self, conn: socket.socket, index: int) -> None:
        try:
            self._script(conn, index)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.sock.close()


def read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    return data


@pytest.fixture
def serve() -> Iterator[Callable[..., RawServer]]:
    servers: list[RawServer] = []

    def start(script: Script, tls: ssl.SSLContext | None = None) -> RawServer:
        servers.append(RawServer(script, tls))
        return servers[-1]
    yield start
    for server in servers:
        server.close()


def _get_both(url: str, **kwargs: object) -> tuple[bytes, bytes]:
    sync = StdlibTransport().send(Request("GET", url, timeout=5, **kwargs)).read()  # type: ignore[arg-type]

    async def go() -> bytes:
        transport = AsyncioTransport()
        try:
            return await (await transport.send(Request("GET", url, timeout=5, **kwargs))).aread()  # type: ignore[arg-type]
        finally:
            await transport.aclose()
    return sync, asyncio.run(go())


def test_interim_1xx_heads_are_skipped(serve: Callable[..., RawServer]) -> None:
    def script(conn: socket.socket, _: int) -> None:
        read_request(conn)
        conn.sendall(b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
                     b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    server = serve(script)
    assert _get_both(f"http://127.0.0.1:{server.port}/") == (b"ok", b"ok")


def test_read_until_close_body(serve: Callable[..., RawServer]) -> None:
    def script(conn: socket.socket, _: int) -> None:
        read_request(conn)
        conn.sendall(b"HTTP/1.0 200 OK\r\n\r\nall of ")
        time.sleep(0.05)
        conn.sendall(b"it")
    server = serve(script)
    assert _get_both(f"http://127.0.0.1:{server.port}/") == (b"all of it", b"all of it")


def test_cut_chunked_body_is_interrupted(serve: Callable[..., RawServer]) -> None:
    def script(conn: socket.socket, _: int) -> None:
        read_request(conn)
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab")
    server = serve(script)
    with pytest.raises(errors.StreamInterruptedError):
        StdlibTransport().send(Request("GET", f"http://127.0.0.1:{server.port}/", timeout=5)).read()


def test_idle_connection_closed_by_the_server_is_not_reused(serve: Callable[..., RawServer]) -> None:
    def script(conn: socket.socket, _: int) -> None:
        read_request(conn)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        time.sleep(0.1)  # keep-alive promised, then the server closes the idle connection
    server = serve(script)
    with StdlibTransport() as transport:
        url = f"http://127.0.0.1:{server.port}/"
        assert transport.send(Request("GET", url, timeout=5)).read() == b"ok"
        time.sleep(0.3)
        assert transport.send(Request("POST", url, {}, b"once", timeout=5)).read() == b"ok"
    assert server.connections == 2  # the POST reached the server once, on a fresh connection


def _self_signed(tmp: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(tmp / "k.pem"),
                    "-out", str(tmp / "c.pem"), "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(tmp / "c.pem", tmp / "k.pem")
    return server, ssl.create_default_context(cafile=str(tmp / "c.pem"))


@pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
def test_poll_sees_payload_only_and_keeps_it(serve: Callable[..., RawServer], tmp_path: Path, tls: bool) -> None:
    """``Response.poll``: bytes buffered in the transport (or the SSL object) count, chunk framing
    alone does not, and nothing polled is lost."""
    release = threading.Event()

    def script(conn: socket.socket, _: int) -> None:
        read_request(conn)
        conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n3\r\ntwo\r\n")
        release.wait(10)
        conn.sendall(b"5\r\n")  # the next chunk's framing alone...
        time.sleep(0.6)
        conn.sendall(b"three\r\n0\r\n\r\n")  # ...and its payload later
    server_tls, client_tls = _self_signed(tmp_path) if tls else (None, None)
    server = serve(script, server_tls)
    with StdlibTransport(ssl_context=client_tls) as transport:
        scheme = "https" if tls else "http"
        response = transport.send(Request("GET", f"{scheme}://127.0.0.1:{server.port}/", timeout=5, stream=True))
        chunks = response.iter_bytes()
        received = b""
        while received != b"onetwo":
            assert response.poll(2)
            received += next(chunks)
        started = time.monotonic()
        assert response.poll(0.3) is False and time.monotonic() - started >= 0.25
        release.set()
        time.sleep(0.1)
        assert response.poll(0.2) is False  # framing arrived, no payload yet
        assert response.poll(5) is True
        assert next(chunks) == b"three"
        assert list(chunks) == []
