"""Pure stream decoders for chat completion, TGI ``text_generation`` and OpenAI completions.

Each implements :class:`lite_client._streaming.Decoder` on top of
:class:`lite_client._sse.SSEDecoder`, so it accepts ``data: {..}`` and TGI's ``data:{..}``, both
``[DONE]`` framings, ``:`` keep-alive comments, CRLF and chunks split anywhere.

* An error event (``{"error": "…", "error_type": …}``, ``{"error": {"message", "http_status_code"}}``
  or ``{"error": {"message", "type", "code"}}``, or an SSE ``event: error``) becomes a
  :class:`~lite_client.errors.StreamError`, raised by the stream after the items before it.
* After ``[DONE]`` the rest of the body is read and ignored (as the openai client does), so the
  keep-alive connection goes back to the pool instead of being closed; servers end the body right
  after ``[DONE]``. An error event ends the stream at once (``finished``).
* A body that ends before the protocol's end marker (``[DONE]``, a ``finish_reason``, TGI's final
  event with ``generated_text``/``details``) ends with
  :class:`~lite_client.errors.StreamInterruptedError`: a cut stream never looks complete.
"""

from __future__ import annotations

import json
from typing import Any, Generic, TypeVar

from pydantic import ValidationError

from .. import errors
from .._sse import ServerSentEvent, SSEDecoder
from .outputs.chat import ChatCompletionStreamOutput
from .outputs.text_generation import TextGenerationStreamOutput

__all__ = ["ChatStreamDecoder", "CompletionsStreamDecoder", "TGIStreamDecoder", "stream_error"]

T = TypeVar("T")
Item = Any


def stream_error(payload: Any) -> errors.StreamError | None:
    """The typed error an in-stream payload reports, or ``None`` when it is not an error."""
    if not isinstance(payload, dict) or payload.get("error") is None:
        return None
    error = payload["error"]
    if isinstance(error, dict):
        message = str(error.get("message") or json.dumps(error)[:500])
        status = error.get("http_status_code")
        code = error.get("code")
        if status is None and isinstance(code, int):
            status = code
        etype = error.get("type") or payload.get("error_type")
        return errors.StreamError(f"Error in stream: {message}", error_type=etype,
                                  status=status if isinstance(status, int) else None, payload=payload)
    return errors.StreamError(f"Error in stream: {error}", error_type=payload.get("error_type"), payload=payload)


_MAX_PENDING = 1 << 20
# The validators themselves (skipping model_validate_json's Python wrapper saves ~1 µs per token).
_validate_chunk = ChatCompletionStreamOutput.__pydantic_validator__.validate_json
_validate_tgi = TextGenerationStreamOutput.__pydantic_validator__.validate_json


def whole_data_events(chunk: bytes) -> list[bytes] | None:
    """The ``data`` payloads of ``chunk`` when it is made only of complete single-line ``data:``
    events (and ``:`` comments) with LF line endings — what servers send for token streams.
    ``None`` when the general SSE parser is needed (partial events, CR, other fields, a BOM)."""
    if not chunk.endswith(b"\n\n") or b"\r" in chunk:
        return None
    out: list[bytes] = []
    for block in chunk[:-2].split(b"\n\n"):
        if b"\n" in block:
            return None
        if block[:5] == b"data:":
            out.append(block[6:] if block[5:6] == b" " else block[5:])
        elif block and block[:1] != b":":
            return None
    return out


class _EventDecoder(Generic[T]):
    """Shared SSE plumbing: subclasses turn one JSON ``data`` payload into items.

    Fast path: complete events are cut at the last blank line of the bytes received so far (the
    rest waits for the next chunk); while they are only single-line ``data:`` events (see
    :func:`whole_data_events`) their payloads go straight to the JSON parser. The first time
    anything else shows up (CR, other fields, multi-line data, a BOM), everything not yet parsed goes
    to :class:`~lite_client._sse.SSEDecoder`, which handles the stream from then on: it was fed
    nothing before, so results are identical either way.
    """

    what = "stream"

    def __init__(self) -> None:
        self._sse = SSEDecoder()
        self._fast = True
        self._pending = b""  # fast path: bytes after the last complete event
        self._finished = False  # stop reading now (after an error)
        self._done = False  # [DONE] seen: ignore the rest of the body, but let it end
        self._complete = False  # a protocol-level end (finish_reason / final event) was seen
        self._failed = False

    @property
    def finished(self) -> bool:
        return self._finished

    def feed(self, chunk: bytes) -> list[T | errors.LiteClientError]:
        if self._finished or self._done:
            return []
        if self._fast:
            data = self._pending + chunk if self._pending else chunk
            if data[:5] == b"data:" and data.find(b"\n") == len(data) - 2 and data[-1:] == b"\n" \
                    and b"\r" not in data:  # the usual chunk: exactly one single-line data event
                self._pending = b""
                return self._payloads([data[6:-2] if data[5:6] == b" " else data[5:-2]], False)
            cut = data.rfind(b"\n\n") + 2
            rest = data[cut:] if cut > 1 else data
            payloads = whole_data_events(data[:cut]) if cut > 1 else []
            if payloads is not None and b"\r" not in rest and len(rest) < _MAX_PENDING:
                self._pending = rest
                return self._payloads(payloads, False)
            self._fast, self._pending, chunk = False, b"", data
        return self._events(self._sse.feed(chunk))

    def end(self) -> list[T | errors.LiteClientError]:
        out: list[T | errors.LiteClientError] = []
        if not (self._finished or self._done):
            pending, self._pending = self._pending, b""
            out = self._events(self._sse.feed(pending) + self._sse.flush())
        if not (self._done or self._finished or self._complete or self._failed):
            out.append(errors.StreamInterruptedError(
                f"The {self.what} ended before its end marker ([DONE] or a final event): "
                "the connection was cut or the server stopped early."))
        return out

    def _events(self, events: list[ServerSentEvent]) -> list[T | errors.LiteClientError]:
        out: list[T | errors.LiteClientError] = []
        for event in events:
            out.extend(self._payloads([event.data], event.event == "error"))
            if self._finished or self._done:
                break
        return out

    def _payloads(self, payloads: list[Any], error_event: bool) -> list[T | errors.LiteClientError]:
        out: list[T | errors.LiteClientError] = []
        for data in payloads:
            if not data:
                continue
            if data[:1] not in ("{", b"{") and data.strip() in ("[DONE]", b"[DONE]"):
                self._done = True
                break
            if error_event or (b'"error"' in data if isinstance(data, bytes) else '"error"' in data):
                try:
                    payload = json.loads(data)
                except ValueError:
                    payload = {"error": data if isinstance(data, str) else data.decode("utf-8", "replace")} \
                        if error_event else None
                failure = stream_error(payload) if payload is not None else None
                if failure is not None:
                    out.append(failure)
                    self._failed = self._finished = True
                    break
            item: T | errors.LiteClientError | None
            try:
                item = self._item(data)
            except errors.LiteClientError as exc:
                item = self._item_from_invalid_utf8(data, exc)
                if isinstance(item, errors.LiteClientError):
                    out.append(item)
                    self._failed = self._finished = True
                    break
            if item is not None:
                out.append(item)
        return out

    def _item(self, data: str | bytes) -> T | None:
        raise NotImplementedError

    def _item_from_invalid_utf8(self, data: str | bytes, error: errors.LiteClientError) -> T | errors.LiteClientError | None:
        """Fast-path bytes that are not valid UTF-8 are decoded as the SSE specification (and the
        general path, :class:`SSEDecoder`) says: invalid sequences become U+FFFD. Otherwise ``error``."""
        if isinstance(data, bytes):
            text = data.decode("utf-8", "replace")
            if "\ufffd" in text and text.encode("utf-8") != data:
                try:
                    return self._item(text)
                except errors.LiteClientError as exc:
                    return exc
        return error


class ChatStreamDecoder(_EventDecoder[ChatCompletionStreamOutput]):
    """Chat-completion chunks → :class:`ChatCompletionStreamOutput`."""

    what = "chat completion stream"

    def _item(self, data: str | bytes) -> ChatCompletionStreamOutput | None:
        try:
            chunk: ChatCompletionStreamOutput = _validate_chunk(data)
        except ValidationError as exc:
            raise errors.ProtocolError(f"Malformed chat completion chunk: {data[:200]!r}") from exc
        if not self._complete:
            if chunk.usage is not None:
                self._complete = True
            for choice in chunk.choices or ():
                if choice.finish_reason:
                    self._complete = True
        return chunk


class TGIStreamDecoder(_EventDecoder[Any]):
    """TGI ``/generate_stream`` events → token text (``details=False``) or
    :class:`TextGenerationStreamOutput` (``details=True``). Special tokens are skipped for text."""

    what = "text generation stream"

    def __init__(self, details: bool) -> None:
        super().__init__()
        self.details = details

    def _item(self, data: str | bytes) -> Any:
        try:
            out: TextGenerationStreamOutput = _validate_tgi(data)
        except ValidationError as exc:
            raise errors.ProtocolError(f"Malformed text generation event: {data[:200]!r}") from exc
        if out.generated_text is not None or out.details is not None:
            self._complete = True
        if self.details:
            return out
        token = out.token
        if token is None or token.special:
            return None
        return token.text


_FINISH = {"stop": "eos_token", "length": "length", "eos_token": "eos_token", "stop_sequence": "stop_sequence"}


class CompletionsStreamDecoder(_EventDecoder[Any]):
    """OpenAI ``/v1/completions`` chunks → the same items as :class:`TGIStreamDecoder`."""

    what = "completions stream"

    def __init__(self, details: bool) -> None:
        super().__init__()
        self.details = details
        self._index = 0
        self._text: list[str] = []

    def _item(self, data: str | bytes) -> Any:
        try:
            payload = json.loads(data)
        except ValueError as exc:
            raise errors.ProtocolError(f"Malformed completions chunk: {data[:200]!r}") from exc
        choices = payload.get("choices") if isinstance(payload, dict) else None
        if not choices:
            return None  # a usage-only chunk
        choice = choices[0] if isinstance(choices, list) else None
        text = choice.get("text") if isinstance(choice, dict) else None
        if not isinstance(choice, dict) or not isinstance(text, str | None):
            raise errors.ProtocolError(f"Malformed completions chunk: {data[:200]!r}")
        text = text or ""
        finish = choice.get("finish_reason")
        self._text.append(text)
        if finish:
            self._complete = True
        if not self.details:
            return text or None
        self._index += 1
        item: dict[str, Any] = {"index": self._index, "token": {"id": 0, "text": text, "logprob": None,
                                                                "special": False}}
        if finish:
            usage = payload.get("usage")
            usage = usage if isinstance(usage, dict) else {}
            item["generated_text"] = "".join(self._text)
            item["details"] = {"finish_reason": _FINISH.get(finish, finish) if isinstance(finish, str) else finish,
                               "generated_tokens": usage.get("completion_tokens", self._index),
                               "input_length": usage.get("prompt_tokens"), "seed": None}
        try:
            return TextGenerationStreamOutput.model_validate(item)
        except ValidationError as exc:
            raise errors.ProtocolError(f"Malformed completions chunk: {data[:200]!r}") from exc
