"""Retry policy (pure): which failures to retry, and how long to wait. Off unless asked for.

Nothing is retried silently by default. A :class:`RetryPolicy` opts into retrying

* 429 (rate limited), honouring ``Retry-After`` / ``RateLimit``;
* 503 (overloaded or a model still loading), honouring ``estimated_time``;
* other 5xx and connection failures, when ``retry_server_errors`` is set;

with exponential backoff (``backoff * 2**attempt``, capped at ``max_backoff``), at most
``max_retries`` times, and never past ``total_timeout`` seconds since the first attempt.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import errors

__all__ = ["RetryPolicy"]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_retries: int = 5
    total_timeout: float = 300.0
    backoff: float = 0.5
    max_backoff: float = 30.0
    retry_rate_limits: bool = True
    retry_model_loading: bool = True
    retry_server_errors: bool = False

    def __post_init__(self) -> None:
        if self.max_retries < 0 or self.total_timeout < 0 or self.backoff < 0:
            raise errors.InputError("RetryPolicy values must not be negative.")

    def delay(self, attempt: int, error: Exception, elapsed: float) -> float | None:
        """Seconds to wait before retry number ``attempt + 1``, or ``None`` to give up."""
        if attempt >= self.max_retries:
            return None
        wait: float = min(self.max_backoff, self.backoff * (2**attempt))
        if isinstance(error, errors.RateLimitError):
            if not self.retry_rate_limits:
                return None
            advised = error.retry_after
            wait = float(advised) if advised is not None else wait
        elif isinstance(error, errors.ModelLoadingError):
            if not self.retry_model_loading:
                return None
            estimated = error.estimated_time
            if estimated is not None:
                wait = min(max(wait, estimated / 4), self.max_backoff)
        elif isinstance(error, errors.ServiceUnavailableError):
            if not (self.retry_model_loading or self.retry_server_errors):
                return None
        elif isinstance(error, errors.ServerError | errors.ConnectError):
            if not self.retry_server_errors:
                return None
        else:
            return None
        if elapsed + wait > self.total_timeout:
            return None
        return float(wait)
