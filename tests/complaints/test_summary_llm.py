"""With HELPLINE_LLM=openai the LLM writes the prose, and only grounded prose is kept.

The LLM is a local HTTP server speaking the OpenAI chat-completions wire format.
"""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from complaints_kit import NOW, insert_fixed

from helpline.complaints.brief import summarize
from helpline.config import Settings

pytest.importorskip("openai")


class FakeOpenAI(BaseHTTPRequestHandler):
    reply: ClassVar[str] = ""
    seen: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOpenAI.seen.append(body)
        answer = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": FakeOpenAI.reply},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        data = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def llm_settings() -> Iterator[Settings]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeOpenAI.seen.clear()
    yield Settings(
        llm="openai",
        openai_base_url=f"http://127.0.0.1:{server.server_port}/v1",
        openai_model="fake-model",
        llm_timeout_s=5,
    )
    server.shutdown()


@pytest.fixture
def fixed(sqlite_database):
    insert_fixed(sqlite_database)
    return sqlite_database


def test_grounded_llm_prose_replaces_the_templates(fixed, llm_settings):
    FakeOpenAI.reply = (
        "EXECUTIVE: 8 complaints came in and 3 are still open. Network leads with 4 complaints.\n"
        "RECOMMENDATIONS:\n- Clear the 2 tickets past target first.\n- Audit network sites."
    )
    summary = summarize(fixed, settings=llm_settings, now=NOW)
    assert summary.writer == "openai"
    assert summary.executive.startswith("8 complaints came in")
    assert summary.recommendations == (
        "Clear the 2 tickets past target first.",
        "Audit network sites.",
    )
    sent = json.loads(FakeOpenAI.seen[0]["messages"][-1]["content"])
    assert sent["figures"]["total"] == 8
    assert "9000000001" not in FakeOpenAI.seen[0]["messages"][-1]["content"]  # no phone numbers


def test_llm_prose_with_an_invented_number_falls_back_to_templates(fixed, llm_settings):
    FakeOpenAI.reply = (
        "EXECUTIVE: 8 complaints came in and 57 are still open.\nRECOMMENDATIONS:\n- Hire staff."
    )
    summary = summarize(fixed, settings=llm_settings, now=NOW)
    assert summary.writer == "template"
    assert "57" not in summary.executive
    assert summary.executive.startswith("All complaints: 8 complaints")


def test_llm_answer_out_of_form_falls_back_to_templates(fixed, llm_settings):
    FakeOpenAI.reply = "Sure! Here is a summary of your complaints."
    summary = summarize(fixed, settings=llm_settings, now=NOW)
    assert summary.writer == "template"
