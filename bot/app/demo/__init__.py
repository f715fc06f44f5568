"""Running the bot on one machine without Telegram: a local Bot API stand-in (`bot_api`) and the
`python -m bot demo` web page built on it. Nothing in production imports this package."""
