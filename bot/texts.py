"""The catalogue of every sentence a user reads: Bahasa Indonesia first, English second.

Texts are Telegram HTML. `t()` escapes the values it fills in, so names and addresses can
never break the markup; `t_plain()` is for places that are not HTML (button labels, files).
"""

from __future__ import annotations

import html
from typing import Any

LANGUAGES = ("id", "en")

TEXTS: dict[str, tuple[str, str]] = {
    # ── General ──────────────────────────────────────────────────────────────
    "stranger.start": (
        "Halo! Bot ini khusus untuk pendamping, koordinator dan admin program Jamsosratu "
        "Dinas Sosial Provinsi Banten.\nAnda belum terdaftar. Mintalah tautan undangan kepada "
        "admin Dinas Sosial, lalu buka tautan itu untuk mendaftar.",
        "Hello! This bot is for the companions, coordinators and admins of the Jamsosratu "
        "programme of Banten's Social Service.\nYou are not registered. Ask a Social Service "
        "admin for an invitation link and open it to register.",
    ),
    "unknown_command": (
        "Perintah tidak dikenal. Ketik /bantuan untuk melihat perintah yang tersedia.",
        "Unknown command. Type /bantuan to see the available commands.",
    ),
    "unexpected_message": (
        "Saya belum mengerti pesan ini. Pilih perintah dari menu atau ketik /bantuan.",
        "I did not understand this message. Pick a command from the menu or type /bantuan.",
    ),
    "error.generic": (
        "Maaf, terjadi kesalahan. Silakan coba lagi sebentar lagi.",
        "Sorry, something went wrong. Please try again in a moment.",
    ),
    "role.admin": ("Admin Dinas Sosial", "Social Service admin"),
    "role.coordinator": ("Koordinator", "Coordinator"),
    "role.companion": ("Pendamping", "Companion"),
    "start.greeting": (
        "Halo, <b>{name}</b>! Anda terdaftar sebagai <b>{role}</b>.\nYang dapat Anda lakukan:\n{menu}",
        "Hello, <b>{name}</b>! You are registered as <b>{role}</b>.\nWhat you can do:\n{menu}",
    ),
    "help.header": ("Perintah yang tersedia untuk Anda:", "Commands available to you:"),
    "help.line": ("/{command} — {description}", "/{command} — {description}"),
    # ── Command descriptions (menu, /bantuan, Telegram's command list) ────────
    "command.start": ("Mulai dan lihat menu", "Start and see the menu"),
    "command.bantuan": ("Daftar perintah", "List of commands"),
    "command.batal": ("Batalkan langkah yang sedang berjalan", "Cancel what is in progress"),
    "cancel.nothing": ("Tidak ada yang perlu dibatalkan.", "There is nothing to cancel."),

    # ── Registry: invitations, people, households, import (issue 3) ──────────

    # ── Visit report (issue 4) ───────────────────────────────────────────────

    # ── Reminders, digests, alerts, exports, map (issue 5) ───────────────────

}


def t(key: str, lang: str = "id", **values: Any) -> str:
    """The text `key` in `lang` as Telegram HTML, with `values` escaped and filled in."""
    escaped = {name: html.escape(str(value), quote=False) for name, value in values.items()}
    return _template(key, lang).format(**escaped)


def t_plain(key: str, lang: str = "id", **values: Any) -> str:
    """The text `key` for a place that shows it as is (button labels, file contents)."""
    return _template(key, lang).format(**values)


def _template(key: str, lang: str) -> str:
    indonesian, english = TEXTS[key]
    return english if lang == "en" else indonesian
