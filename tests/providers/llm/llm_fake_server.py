"""A local HTTP server speaking the OpenAI chat-completions and Gemini generateContent wire formats.

Each request takes the next scripted behaviour (or the default): answer with text, answer with an
HTTP error, answer garbage, or stall. Requests are recorded for assertions.
"""

import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Behaviour:
    text: str = "Ji, aapka kaam ho gaya hai."
    status: int = 200
    delay_s: float = 0.0
    garbage: bool = False


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


def _openai_body(text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": "fake-model",
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


def _gemini_body(text: str) -> dict[str, Any]:
    return {
        "candidates": [
            {
                "content": {"role": "model", "parts": [{"text": text}]},
                "finishReason": "STOP",
                "index": 0,
            }
        ],
        "usageMetadata": {
            "promptTokenCount": 10,
            "candidatesTokenCount": 10,
            "totalTokenCount": 20,
        },
        "modelVersion": "gemini-2.0-flash",
    }


def _error_body(status: int) -> dict[str, Any]:
    # Both vendors wrap errors in {"error": {...}}; Gemini adds "status", OpenAI "type".
    return {
        "error": {
            "code": status,
            "message": "fake failure",
            "status": "UNAVAILABLE",
            "type": "server_error",
        }
    }


class FakeLLMServer:
    """Serves on 127.0.0.1 at a free port until closed."""

    def __init__(self) -> None:
        self.default = Behaviour()
        self.script: deque[Behaviour] = deque()
        self.requests: list[Request] = []
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                raw = self.rfile.read(length) if length else b"{}"
                server.requests.append(
                    Request(
                        self.path,
                        {k.lower(): v for k, v in self.headers.items()},
                        json.loads(raw or b"{}"),
                    )
                )
                behaviour = server.script.popleft() if server.script else server.default
                if behaviour.delay_s and server._stop.wait(behaviour.delay_s):
                    return
                if behaviour.garbage:
                    payload = b"<html>502 bad gateway, not json"
                    status = 200
                elif behaviour.status != 200:
                    payload = json.dumps(_error_body(behaviour.status)).encode()
                    status = behaviour.status
                elif "generateContent" in self.path:
                    payload = json.dumps(_gemini_body(behaviour.text)).encode()
                    status = 200
                else:
                    payload = json.dumps(_openai_body(behaviour.text)).encode()
                    status = 200
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): nothing to answer

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
