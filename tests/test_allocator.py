"""The dashboard's allocator settings (bot/monitoring/allocator.py), in a process of their own:
arrays of megabytes counted and freed in a worker thread go back to the system; with glibc's
defaults they stay in the thread's arena (which is what the setting is for)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COUNTING = """
import sys, threading
from pathlib import Path
import numpy as np
from bot.monitoring import allocator

def resident_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

if sys.argv[1] == "returned":
    allocator.return_large_blocks_at_once()
first = np.ones(16 << 20, np.uint8)  # a reading's large block, freed: glibc raises its threshold
del first
before = resident_mb()

kept = []

def count():
    masks = []
    for _ in range(20):
        masks.append(np.ones(4 << 20, np.uint8))  # a view's temporaries, 80 MB in all
        kept.append(bytes(4000))  # and what outlives them, allocated between them
    del masks

worker = threading.Thread(target=count)
worker.start()
worker.join()
print(round(resident_mb() - before))
"""


def kept_mb(setting: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", COUNTING, setting], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_freed_arrays_go_back_to_the_system_with_the_setting_and_stay_without() -> None:
    assert kept_mb("defaults") > 40
    assert kept_mb("returned") < 10
