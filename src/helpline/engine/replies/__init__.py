"""Reply writers: facts in, one short Hinglish reply out (templates offline, an LLM when set)."""

from helpline.engine.replies.base import Address, Reply, ReplyRequest, ReplyWriter
from helpline.engine.replies.templates import TemplateWriter

__all__ = ["Address", "Reply", "ReplyRequest", "ReplyWriter", "TemplateWriter"]
