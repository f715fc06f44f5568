"""Telegram-facing code: one module (or package) per user journey, each handler registered in
`routes` and each command declared in `commands`."""
