"""Pemantauan: what the office's dashboard reads, counted for one person's regions.

`register.py` keeps the register and the last weeks' visits in memory as NumPy columns (the
province's households counted in milliseconds); `views.py` counts the map's hexagons, the
coverage and companions' tables and the review queue from it. Nothing here speaks HTTP or
Telegram; `handlers/web/` serves it.
"""
