"""`python -m bot`: the command line (bot/app/cli.py says what it does)."""

import gc
import sys

# No cyclic garbage collection while the bot loads: ~180 collections, 50 ms of every start,
# for ~2,000 unreachable objects. `cli.collect_from_now_on` resumes it once the bot runs.
gc.disable()

from bot.app.cli import main  # noqa: E402  (imported once the collector is paused)

sys.exit(main())
