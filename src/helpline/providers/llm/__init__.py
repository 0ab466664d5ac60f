"""LLM providers for the reply writer: a Protocol, vendors chosen by name, and resilience."""

from helpline.providers.llm.base import LLM_PROVIDERS, ChatMessage, LLMError, LLMProvider, Prompt

__all__ = ["LLM_PROVIDERS", "ChatMessage", "LLMError", "LLMProvider", "Prompt"]
