"""The decisions (`bot.decisions`) called directly, as any caller would, on a real SQLite file:
no Telegram, no Application."""
