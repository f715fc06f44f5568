"""Jamsosratu Bot: configuration, domain rules, scheduler jobs and the composition root."""
