"""Blocking transport on synchronous ``XMLHttpRequest``: the sync client in a browser without
JSPI (Firefox, Safari). Browsers only (best in a worker); no streaming: the whole body arrives at
once. Headers follow the fetch transport's rules (:func:`.fetch.outgoing_headers`): XHR follows
redirects as fetch does in browsers.
"""

from __future__ import annotations

from .. import errors
from .._http import Request, Response
from .fetch import in_worker, js_error_name, outgoing_headers

__all__ = ["XHRTransport"]


class XHRTransport:
    """Blocking transport on synchronous ``XMLHttpRequest``. Browsers only; no streaming."""

    def __repr__(self) -> str:
        return "XHRTransport()"

    def send(self, request: Request) -> Response:
        import js
        from pyodide.ffi import JsException, to_js

        if not hasattr(js, "XMLHttpRequest"):
            raise errors.UnsupportedRuntimeError(
                "Blocking HTTP is not possible here: no JSPI and no XMLHttpRequest (Node without "
                "JSPI). Use the async client (AsyncInferenceClient / AsyncClient) instead."
            )
        js_xhr = js.XMLHttpRequest.new()
        js_xhr.open(request.method, request.url, False)
        worker = in_worker()
        if worker:
            js_xhr.responseType = "arraybuffer"
            if request.timeout:
                js_xhr.timeout = int(request.timeout * 1000)
        else:  # main thread: no responseType/timeout for sync XHR; keep bytes intact with this trick
            js_xhr.overrideMimeType("text/plain; charset=x-user-defined")
        js_xhr.withCredentials = request.credentials == "include"
        outgoing, _ = outgoing_headers(request)
        for key, value in outgoing.items():
            js_xhr.setRequestHeader(key, value)
        try:
            js_xhr.send(to_js(request.body) if request.body is not None else None)
        except JsException as exc:
            if js_error_name(exc) == "TimeoutError":
                raise errors.RequestTimeoutError(
                    f"Timed out after {request.timeout} s waiting for {request.method} {request.url}",
                    url=request.url,
                ) from exc
            raise errors.ConnectError(
                f"Request {request.method} {request.url} failed ({js_error_name(exc)}: {exc})",
                url=request.url,
            ) from exc
        if worker:
            body = bytes(js.Uint8Array.new(js_xhr.response).to_py()) if js_xhr.response else b""
        else:
            body = bytes(ord(c) & 0xFF for c in str(js_xhr.responseText or ""))
        headers = []
        for line in str(js_xhr.getAllResponseHeaders() or "").split("\r\n"):
            key, sep, value = line.partition(":")
            if sep:
                headers.append((key.strip(), value.strip()))
        return Response(
            int(js_xhr.status), headers, request=request, url=str(js_xhr.responseURL or request.url),
            content=body,
        )

    def close(self) -> None:
        return None
