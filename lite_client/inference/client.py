"""``InferenceClient``: the blocking client. Every method is a thin shell around a shared flow.

Philosophy (as in huggingface_hub): one client for every task, the same method names and
parameters as ``huggingface_hub.InferenceClient`` 2.x, typed outputs. Unlike it, the logic lives in
pure flows (``lite_client.inference.tasks``, ``chat``, ``text_generation``) that the sync and the
async client share, and the same code runs in CPython and in Pyodide.
"""

from __future__ import annotations

from functools import cached_property
from types import TracebackType
from typing import Any, Literal, TypeVar, overload

from .._flow import Flow, open_stream, run_flow
from .._retry import RetryPolicy
from .._streaming import Stream
from ..transports import Transport, default_transport
from . import _shared
from . import text_generation as tg
from ._context import DEFAULT_POLL_TIMEOUT
from ._media_methods import SyncMediaMethods
from ._text_methods import SyncTextMethods
from .chat import chat_completion_flow
from .outputs.chat import ChatCompletionOutput, ChatCompletionStreamOutput

__all__ = ["InferenceClient"]

T = TypeVar("T")


class _Completions:
    """``client.chat.completions`` — ``create`` is ``client.chat_completion``."""

    def __init__(self, client: InferenceClient) -> None:
        self.create = client.chat_completion


class _Chat:
    def __init__(self, client: InferenceClient) -> None:
        self._client = client

    @cached_property
    def completions(self) -> _Completions:
        return _Completions(self._client)


class InferenceClient(SyncTextMethods, SyncMediaMethods):
    """Call Hugging Face Inference Providers, hf-inference, dedicated endpoints and TGI servers.

    Args mirror ``huggingface_hub.InferenceClient``: ``model`` (Hub id or URL; alias ``base_url``),
    ``provider`` (``"auto"`` by default), ``token`` (alias ``api_key``; default ``HF_TOKEN`` in
    CPython), ``timeout`` (seconds; :class:`~lite_client.errors.RequestTimeoutError`), ``headers``,
    ``cookies``, ``bill_to``. Additions: ``retry`` (a :class:`~lite_client.RetryPolicy`; nothing
    is retried without it), ``wait_for_model`` (retry 503 "model loading" until ``timeout``),
    ``poll_timeout`` (longest wait for a provider's queued job — fal-ai queue, replicate
    prediction — 15 min by default; ``None``: no limit),
    ``hub_url`` / ``router_url`` (default ``HF_ENDPOINT`` / ``HF_INFERENCE_ROUTER_URL`` or the
    public hosts) and ``transport``.
    """

    def __init__(self, model: str | None = None, *, provider: str | None = None, token: str | None = None,
                 timeout: float | None = None, headers: dict[str, str] | None = None,
                 cookies: dict[str, str] | None = None, bill_to: str | None = None, base_url: str | None = None,
                 api_key: str | None = None, retry: RetryPolicy | None = None, wait_for_model: bool = False,
                 poll_timeout: float | None = DEFAULT_POLL_TIMEOUT, hub_url: str | None = None,
                 router_url: str | None = None,
                 transport: Transport | None = None) -> None:
        self._ctx = _shared.build_context(
            model=model, provider=provider, token=token, timeout=timeout, headers=headers, cookies=cookies,
            bill_to=bill_to, base_url=base_url, api_key=api_key, retry=retry, wait_for_model=wait_for_model,
            poll_timeout=poll_timeout, hub_url=hub_url, router_url=router_url)
        self._transport = transport or default_transport()

    # -- plumbing -------------------------------------------------------------------------------------
    @property
    def model(self) -> str | None:
        return self._ctx.model

    @property
    def provider(self) -> str | None:
        return self._ctx.provider

    def _run(self, flow: Flow[T]) -> T:
        return run_flow(flow, self._transport)

    def _stream(self, flow: Flow[Any]) -> Stream[Any]:
        return open_stream(flow, self._transport)

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> InferenceClient:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<InferenceClient(model={self._ctx.model!r}, provider={self._ctx.provider!r})>"

    @cached_property
    def chat(self) -> _Chat:
        """OpenAI-style namespace: ``client.chat.completions.create(model=…, messages=…)``."""
        return _Chat(self)

    # -- chat -----------------------------------------------------------------------------------------
    @overload
    def chat_completion(self, messages: list[Any], *, model: str | None = None, stream: Literal[False] = False,
                        frequency_penalty: float | None = None, logit_bias: list[float] | None = None,
                        logprobs: bool | None = None, max_tokens: int | None = None, n: int | None = None,
                        presence_penalty: float | None = None, response_format: Any = None,
                        seed: int | None = None, stop: list[str] | None = None, stream_options: Any = None,
                        temperature: float | None = None, tool_choice: Any = None, tool_prompt: str | None = None,
                        tools: list[Any] | None = None, top_logprobs: int | None = None,
                        top_p: float | None = None, extra_body: dict[str, Any] | None = None,
                        ) -> ChatCompletionOutput: ...

    @overload
    def chat_completion(self, messages: list[Any], *, model: str | None = None, stream: Literal[True],
                        frequency_penalty: float | None = None, logit_bias: list[float] | None = None,
                        logprobs: bool | None = None, max_tokens: int | None = None, n: int | None = None,
                        presence_penalty: float | None = None, response_format: Any = None,
                        seed: int | None = None, stop: list[str] | None = None, stream_options: Any = None,
                        temperature: float | None = None, tool_choice: Any = None, tool_prompt: str | None = None,
                        tools: list[Any] | None = None, top_logprobs: int | None = None,
                        top_p: float | None = None, extra_body: dict[str, Any] | None = None,
                        ) -> Stream[ChatCompletionStreamOutput]: ...

    def chat_completion(self, messages: list[Any], *, model: str | None = None, stream: bool = False,
                        frequency_penalty: float | None = None, logit_bias: list[float] | None = None,
                        logprobs: bool | None = None, max_tokens: int | None = None, n: int | None = None,
                        presence_penalty: float | None = None, response_format: Any = None,
                        seed: int | None = None, stop: list[str] | None = None, stream_options: Any = None,
                        temperature: float | None = None, tool_choice: Any = None, tool_prompt: str | None = None,
                        tools: list[Any] | None = None, top_logprobs: int | None = None,
                        top_p: float | None = None, extra_body: dict[str, Any] | None = None,
                        ) -> ChatCompletionOutput | Stream[ChatCompletionStreamOutput]:
        """Chat completion; ``stream=True`` returns a :class:`~lite_client.Stream` of chunks
        (a context manager; iterate it). Raises typed HTTP errors, and
        :class:`~lite_client.errors.StreamError` for an error event inside the stream."""
        flow = chat_completion_flow(self._ctx, **_shared.call_args(locals()))
        return self._stream(flow) if stream else self._run(flow)

    # -- text generation ------------------------------------------------------------------------------
    def text_generation(self, prompt: str, *, details: bool | None = None, stream: bool | None = None,
                        model: str | None = None, adapter_id: str | None = None, best_of: int | None = None,
                        decoder_input_details: bool | None = None, do_sample: bool | None = None,
                        frequency_penalty: float | None = None, grammar: Any = None,
                        max_new_tokens: int | None = None, repetition_penalty: float | None = None,
                        return_full_text: bool | None = None, seed: int | None = None, stop: list[str] | None = None,
                        temperature: float | None = None, top_k: int | None = None, top_n_tokens: int | None = None,
                        top_p: float | None = None, truncate: int | None = None, typical_p: float | None = None,
                        watermark: bool | None = None) -> Any:
        """``str``; :class:`TextGenerationOutput` with ``details=True``; with ``stream=True`` a
        :class:`~lite_client.Stream` of token strings (or :class:`TextGenerationStreamOutput`)."""
        flow = tg.text_generation_flow(self._ctx, **_shared.call_args(locals()))
        return self._stream(flow) if stream else self._run(flow)

    # -- raw access and legacy ------------------------------------------------------------------------
    def request(self, method: str, path_or_url: str, *, json: Any = None, data: bytes | None = None,
                headers: dict[str, str] | None = None, stream: bool = False) -> Any:
        """Raw call (successor of the removed ``post``). Returns the :class:`~lite_client.Response`
        (body read) or, with ``stream=True``, a Stream of body chunks. A path (``/v1/models``) is
        relative to the router. Errors are typed like every other call."""
        flow = _shared.raw_request_flow(self._ctx, **_shared.call_args(locals()))
        return self._stream(flow) if stream else self._run(flow)

    def get_model_status(self, model: str | None = None) -> _shared.ModelStatus:
        """The model's inference state from the Hub (``expand=inference``, provider mapping)."""
        return self._run(_shared.model_status_flow(self._ctx, model))

    def list_deployed_models(self, provider: str = "hf-inference") -> dict[str, list[str]]:
        """Models served by ``provider``, grouped by task (Hub ``/api/models?inference_provider=``)."""
        return self._run(_shared.list_deployed_models_flow(self._ctx, provider))

    def health_check(self, model: str | None = None) -> bool:
        """``GET {url}/health`` on a dedicated endpoint / TGI server: ``True`` when it answers 200."""
        return self._run(_shared.health_check_flow(self._ctx, model))

    def get_endpoint_info(self, *, model: str | None = None) -> dict[str, Any]:
        """``GET {url}/info`` of a TGI / dedicated endpoint."""
        return self._run(_shared.endpoint_info_flow(self._ctx, model))

