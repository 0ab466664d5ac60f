"""helpline: a Hinglish voice and text customer-support agent for Indian telecom operators."""

__version__ = "0.1.0"
