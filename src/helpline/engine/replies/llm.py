"""The LLM writer: words the reply with a remote model, checked against the facts.

Any failure (endpoint down, slow, rate-limited, circuit open, garbage, or a reply stating
something the facts do not hold) gives the template reply instead, and is counted.
"""

import logging
import re
from dataclasses import replace
from typing import Protocol

from helpline.engine.facts import FactKey
from helpline.engine.grounding import GroundingCheck
from helpline.engine.metrics import Counters
from helpline.engine.replies.base import Reply, ReplyRequest
from helpline.engine.replies.prompt import build_prompt
from helpline.engine.replies.templates import TemplateWriter, tidy
from helpline.providers.llm import LLMError, Prompt

log = logging.getLogger(__name__)

# Verification and system messages are fixed wording: no model writes them.
TEMPLATE_ONLY = frozenset(
    k
    for k in FactKey
    if k.value.startswith(("verify.", "session.", "system.", "greeting"))
    and k is not FactKey.HELLO_AGAIN
)
MAX_CHARS = 480
MAX_SENTENCES = 4
_SENTENCE_END = re.compile(r"[.?!।]+(?:\s|$)")
_WRAPPING = re.compile(r'^\s*(?:agent\s*:|a\s*:)?\s*["“]?(.*?)["”]?\s*$', re.IGNORECASE | re.DOTALL)


class CompletionService(Protocol):
    name: str

    def complete(self, prompt: Prompt, *, started: float | None = None) -> str: ...


def clean(text: str) -> str:
    """Strip the quotes and labels models like to add; one line."""
    match = _WRAPPING.match(text.replace("**", ""))
    return tidy(match.group(1) if match else text)


def well_formed(text: str) -> bool:
    sentences = len(_SENTENCE_END.findall(text)) or 1
    return 0 < len(text) <= MAX_CHARS and sentences <= MAX_SENTENCES


class LlmReplyWriter:
    def __init__(
        self,
        *,
        llm: CompletionService,
        templates: TemplateWriter,
        grounding: GroundingCheck,
        counters: Counters,
    ) -> None:
        self.name = llm.name
        self._llm = llm
        self._templates = templates
        self._grounding = grounding
        self._counters = counters

    def write(self, request: ReplyRequest) -> Reply:
        if any(f.key in TEMPLATE_ONLY for f in request.facts):
            return self._templates.write(request)
        extra = {"session_id": request.session_id, "writer": self.name}
        try:
            prompt = build_prompt(request, self._templates)
            text = clean(self._llm.complete(prompt, started=request.started or None))
        except LLMError as exc:
            self._counters.inc("llm_fallback")
            log.warning("llm failed, template reply used", extra={**extra, "reason": str(exc)})
            return self._fallback(request, f"llm: {exc}")
        if not well_formed(text):
            self._counters.inc("llm_malformed")
            log.warning("llm reply malformed, template used", extra={**extra, "chars": len(text)})
            return self._fallback(request, "malformed")
        check = self._grounding.check(text, request.facts, request.address.honorific)
        if not check.ok:
            self._counters.inc("grounding_rejected")
            log.warning(
                "llm reply not grounded, template used",
                extra={**extra, "unsupported": list(check.unsupported)},
            )
            return self._fallback(request, "ungrounded: " + ", ".join(check.unsupported))
        return Reply(text, self.name)

    def _fallback(self, request: ReplyRequest, reason: str) -> Reply:
        return replace(self._templates.write(request), fallback=reason)
