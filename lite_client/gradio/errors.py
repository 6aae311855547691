"""Typed errors of the Gradio client (subclasses of :mod:`lite_client.errors`).

::

    LiteClientError
    ├── GradioError                            base class of everything below
    ├── AppError (StreamError)                 the app raised ``gr.Error`` (or any exception)
    │   └── HiddenAppError                     the app failed but hides its messages (show_error=False)
    ├── SessionNotFoundError (StreamError)     the server lost the session (stream dropped, restart)
    ├── ServerStoppedError (StreamError)       ``unexpected_error`` on the session stream
    ├── JobCancelledError                      result() of a job that was cancelled
    ├── QueueFullError (ServiceUnavailableError, 503 at queue/join)
    ├── GradioValidationError (UnprocessableEntityError, 422 from a 6.x ``validator=``)
    ├── SpaceError                             the Space is paused, broken or not reachable
    └── EndpointNotFoundError (InputError)     unknown api_name / fn_index
"""

from __future__ import annotations

from typing import Any

from .. import errors

# Re-exported: a login-protected app without (or with wrong) credentials raises this.
AuthenticationError = errors.AuthenticationError

__all__ = [
    "AppError",
    "AuthenticationError",
    "EndpointNotFoundError",
    "GradioError",
    "GradioValidationError",
    "HiddenAppError",
    "JobCancelledError",
    "QueueFullError",
    "ServerStoppedError",
    "SessionNotFoundError",
    "SpaceError",
]


class GradioError(errors.LiteClientError):
    """Marker base class: every error specific to Gradio apps derives from it."""


class AppError(errors.StreamError, GradioError):
    """The app's function failed. ``message`` is what the app said (``gr.Error("…")``).

    ``title`` is the error title (``"Error"`` by default), ``duration`` / ``visible`` the toast
    settings, ``payload`` the raw ``output`` dict of the ``process_completed`` message.
    """

    def __init__(self, message: str, *, title: str | None = None, duration: float | None = None,
                 visible: bool | None = None, payload: Any = None) -> None:
        self.title = title
        self.duration = duration
        self.visible = visible
        super().__init__(message, error_type="app_error", payload=payload)


class HiddenAppError(AppError):
    """The app failed, and it does not show error details (``launch(show_error=False)``)."""


class SessionNotFoundError(errors.StreamError, GradioError):
    """The server no longer knows the session (the stream was dropped while events were pending,
    the server restarted, or the stream was opened with nothing pending)."""

    def __init__(self, message: str, *, payload: Any = None) -> None:
        super().__init__(message, error_type="session_not_found", payload=payload)


class ServerStoppedError(errors.StreamError, GradioError):
    """``unexpected_error`` on the session stream (for example "Server stopped unexpectedly.")."""

    def __init__(self, message: str, *, payload: Any = None) -> None:
        super().__init__(message, error_type="unexpected_error", payload=payload)


class JobCancelledError(GradioError):
    """The job was cancelled before it produced a final result."""


class QueueFullError(errors.ServiceUnavailableError, GradioError):
    """503 at queue/join: ``queue(max_size=…)`` is reached (or the queue is stopped)."""


class GradioValidationError(errors.UnprocessableEntityError, GradioError):
    """422 at queue/join: the app's ``validator=`` rejected the inputs.

    ``failures`` lists ``{"parameter_name", "message"}`` for each rejected input.
    """

    @property
    def failures(self) -> list[dict[str, Any]]:
        detail = self.details.get("detail") if isinstance(self.details, dict) else None
        if not isinstance(detail, list):
            return []
        return [{"parameter_name": d.get("parameter_name"), "message": d.get("message") or d.get("msg")}
                for d in detail if isinstance(d, dict)]


class SpaceError(GradioError):
    """The Space cannot serve requests: paused, failed to build, not found or not accessible.

    ``stage`` is the Hub's runtime stage (``PAUSED``, ``BUILD_ERROR`` …) when known.
    """

    def __init__(self, message: str, *, stage: str | None = None) -> None:
        self.stage = stage
        super().__init__(message)


class EndpointNotFoundError(errors.InputError, GradioError):
    """No endpoint matches the given ``api_name`` / ``fn_index`` (raised before any request)."""
