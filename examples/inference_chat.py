"""Chat, stream and run a few tasks with lite_client's InferenceClient (CPython).

    .venv/bin/python examples/inference_chat.py            # real services: needs HF_TOKEN
    .venv/bin/python examples/inference_chat.py --standin  # offline, against the local stand-in

The same code runs in Pyodide (see examples/pyodide_inference.mjs).
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lite_client import errors  # noqa: E402
from lite_client.inference import InferenceClient  # noqa: E402


def main() -> None:
    with ExitStack() as stack:
        options: dict[str, str] = {}
        chat_model, mask_model = "openai/gpt-oss-120b:fastest", "google-bert/bert-base-uncased"
        if "--standin" in sys.argv:
            from tests.standins.inference_standin import InferenceStandIn

            standin = stack.enter_context(InferenceStandIn())
            options = {"hub_url": standin.url, "router_url": standin.url}
            chat_model, mask_model = "test/chat", "test/fill-mask"
        client = stack.enter_context(InferenceClient(timeout=60, **options))

        answer = client.chat_completion([{"role": "user", "content": "Say hello in French."}],
                                        model=chat_model, max_tokens=20)
        print("chat:", answer.choices[0].message.content)

        print("stream:", end=" ", flush=True)
        with client.chat.completions.create(model=chat_model, stream=True, max_tokens=20,
                                            messages=[{"role": "user", "content": "Count to five."}]) as stream:
            for chunk in stream:
                if chunk.choices:
                    print(chunk.choices[0].delta.content or "", end="", flush=True)
        print()

        try:
            best = client.fill_mask("Paris is the [MASK] of France.", model=mask_model)[0]
            print("fill_mask:", best["token_str"], round(best.score or 0, 3))
        except errors.HTTPStatusError as exc:  # typed, with the server's message and request id
            print("fill_mask failed:", exc.status, exc.server_message, exc.request_id)


if __name__ == "__main__":
    main()
