"""The decisions a person can take, one function each, below every way in (the Telegram
handlers today, a web app opened inside Telegram next).

A decision takes plain values — the acting `Person`, ids, texts — and the `Services`, checks
that this person may take it (role, regions, the household's holder: ids may come forged from a
button or a URL), stores what it decided, and returns an outcome: a frozen dataclass, one type
per way it can end (`Stored | AskSameVisit | HouseholdGone`). The caller renders the outcome
and does whatever its channel needs after it (a receipt, waking the alert job). Nothing here
imports `telegram` or a web framework (an import contract in pyproject.toml says so).
"""
