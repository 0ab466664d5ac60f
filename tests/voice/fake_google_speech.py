"""A local stand-in for Google's Web Speech API v2, speaking its wire format.

POST {endpoint}?client=chromium&lang=..&key=..&pFilter=0 with a FLAC body and
Content-Type "audio/x-flac; rate=N"; the answer is newline-separated JSON objects, the first
usually an empty {"result":[]}.
"""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


@dataclass
class Seen:
    path: str
    query: dict[str, list[str]]
    content_type: str
    body: bytes


@dataclass
class FakeGoogleSpeech:
    transcript: str | None = "mera balance kitna hai"
    confidence: float = 0.92
    status: int = 200
    requests: list[Seen] = field(default_factory=list)

    def __enter__(self) -> "FakeGoogleSpeech":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                url = urlparse(self.path)
                fake.requests.append(
                    Seen(
                        url.path,
                        parse_qs(url.query),
                        self.headers.get("Content-Type", ""),
                        self.rfile.read(length),
                    )
                )
                lines = ['{"result":[]}']
                if fake.transcript is not None:
                    alternative = {"transcript": fake.transcript, "confidence": fake.confidence}
                    lines.append(
                        json.dumps(
                            {
                                "result": [{"alternative": [alternative], "final": True}],
                                "result_index": 0,
                            }
                        )
                    )
                body = ("\n".join(lines) + "\n").encode()
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    @property
    def endpoint(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/speech-api/v2/recognize"

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
