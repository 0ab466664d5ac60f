"""The prompt an LLM writer gets: the design's system prompt, the facts, the last exchanges."""

from helpline.engine.replies.base import ReplyRequest
from helpline.engine.replies.templates import TemplateWriter
from helpline.providers.llm import ChatMessage, Prompt

# The original design's Hinglish prompt, with the grounding rule spelled out.
SYSTEM_PROMPT = """\
You are a professional customer service agent for a telecom company.

LANGUAGE INSTRUCTIONS:
- Speak in Hinglish (Hindi + English mix), written in Roman script
- Use respectful terms: "aap", "ji"; say "sir" or "madam" only as told below
- Keep tone formal and courteous
- Use simple vocabulary accessible to all age groups

RESPONSE CONSTRAINTS:
- Maximum 2-3 sentences
- Use ONLY the provided facts (no hallucination): do not add any number, amount, date,
  duration, ticket number or plan name that is not in the facts
- If data is missing, politely say you'll check and get back
- End with offer for further assistance
- Reply with the agent's words only: no quotes, no labels, no markdown

EXAMPLES:
Q: "Mera balance kitna hai?"
A: "Sir, aapke account mein abhi 2.5 GB data bacha hai. Yeh agle 15 dinon ke liye valid \
rahega. Kya aur kuch help chahiye?"
"""

_ADDRESS = {
    "sir": 'Address the customer as "sir".',
    "madam": 'Address the customer as "madam".',
    "": 'Do not say "sir" or "madam"; use "aap" and "ji".',
}


def facts_block(request: ReplyRequest, templates: TemplateWriter) -> str:
    lines: list[str] = []
    for fact in request.facts:
        lines.append(f"Task: {templates.purpose(fact.key)}")
        lines += [f"- {name}: {value}" for name, value in fact.fields.items() if value]
        for n, item in enumerate(fact.items, 1):
            lines.append(f"- item {n}: " + "; ".join(f"{k}: {v}" for k, v in item.items()))
    return "\n".join(lines)


def build_prompt(request: ReplyRequest, templates: TemplateWriter) -> Prompt:
    """System prompt, the last exchanges as chat turns, then this turn with its facts."""
    messages: list[ChatMessage] = []
    for exchange in request.history:
        messages.append(ChatMessage("user", exchange.user))
        messages.append(ChatMessage("assistant", exchange.reply))
    current = (
        f'Customer: "{request.user_text}"\n\n'
        f"Facts (the only facts you may state):\n{facts_block(request, templates)}\n\n"
        f"{_ADDRESS.get(request.address.honorific, _ADDRESS[''])}"
    )
    messages.append(ChatMessage("user", current))
    return Prompt(system=SYSTEM_PROMPT, messages=tuple(messages), temperature=0.7)
