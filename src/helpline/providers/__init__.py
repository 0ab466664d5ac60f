"""Pluggable providers (llm, stt, tts, otp): a Protocol each, implementations chosen by name."""
