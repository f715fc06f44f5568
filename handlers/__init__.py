"""Telegram-facing code: one module per user journey, all registered in `registry`."""
