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
    "command.lapor": ("Laporkan kunjungan ke KPM", "Report a household visit"),
    "command.riwayat": ("Laporan kunjungan terakhir Anda", "Your latest visit reports"),
    "command.kpmsaya": ("KPM Anda, yang lama belum dikunjungi lebih dulu", "Your households, overdue first"),
    "report.menu.report": ("📍 Lapor kunjungan", "📍 Report a visit"),
    "report.menu.history": ("🗂 Riwayat laporan", "🗂 My reports"),
    "report.menu.households": ("🏠 KPM saya", "🏠 My households"),
    "report.menu.placeholder": ("Pilih menu", "Choose from the menu"),
    "report.ask_location": (
        "Kirim lokasi Anda sekarang: laporan dicek terhadap lokasi rumah KPM yang terdaftar.\n"
        "Paling baik lokasi langsung: 📎 Lampiran → Lokasi → <b>Bagikan lokasi langsung</b>.",
        "Send your location now: the report is checked against the household's registered place.\n"
        "Best is a live location: 📎 Attach → Location → <b>Share live location</b>.",
    ),
    "report.button.share_location": ("📍 Kirim lokasi saat ini", "📍 Send current location"),
    "report.hint.location": (
        "Langkah ini menunggu lokasi Anda. Tekan tombol 📍 di bawah atau bagikan lokasi langsung "
        "lewat 📎 → Lokasi. /batal untuk membatalkan.",
        "This step needs your location. Press the 📍 button below or share a live location via "
        "📎 → Location. /batal to cancel.",
    ),
    "report.refused.forwarded": (
        "Lokasi yang diteruskan tidak dapat dipakai. Kirim lokasi Anda sendiri, sekarang.",
        "A forwarded location cannot be used. Send your own location, now.",
    ),
    "report.refused.venue": (
        "Tempat yang dipilih dari daftar bukan posisi Anda. Kirim lokasi Anda sendiri.",
        "A place picked from a list is not your position. Send your own location.",
    ),
    "report.refused.stale": (
        "Lokasi ini dikirim {minutes} menit yang lalu, terlalu lama. Kirim lokasi Anda yang sekarang.",
        "This location was sent {minutes} minutes ago, too long ago. Send your current location.",
    ),
    "report.refused.accuracy": (
        "Lokasi kurang teliti (±{accuracy} m, paling banyak ±{limit} m). Tunggu sinyal GPS lebih "
        "baik, lalu kirim lagi.",
        "The location is too imprecise (±{accuracy} m, at most ±{limit} m). Wait for a better GPS "
        "signal, then send it again.",
    ),
    "report.refused.static": (
        "Hanya lokasi langsung yang diterima: 📎 → Lokasi → Bagikan lokasi langsung.",
        "Only a live location is accepted: 📎 → Location → Share live location.",
    ),
    "report.location.live": ("Lokasi langsung diterima.", "Live location received."),
    "report.location.static": (
        "Lokasi diterima. Lokasi biasa (bukan langsung) akan ditandai; lain kali bagikan lokasi langsung.",
        "Location received. A static (not live) location is flagged; next time share a live location.",
    ),
    "report.no_households": (
        "Anda belum punya KPM yang ditugaskan, jadi belum ada yang bisa dilaporkan. Hubungi koordinator Anda.",
        "You have no households assigned yet, so there is nothing to report. Contact your coordinator.",
    ),
    "report.choose": (
        "Pilih KPM yang Anda kunjungi (terdekat lebih dulu), atau ketik nama kepala keluarga atau ID DTKS untuk mencari:",
        "Choose the household you are visiting (nearest first), or type the head's name or the DTKS id to search:",
    ),
    "report.choose.search": ("Hasil pencarian “{query}”:", "Search results for “{query}”:"),
    "report.choose.none_nearby": (
        "Tidak ada KPM Anda yang berkoordinat di sekitar sini. Ketik nama kepala keluarga atau ID DTKS untuk mencari.",
        "None of your households with coordinates is near here. Type the head's name or the DTKS id to search.",
    ),
    "report.choose.not_found": (
        "Tidak ada KPM Anda yang cocok dengan “{query}”. Coba nama lain atau ID DTKS.",
        "None of your households matches “{query}”. Try another name or the DTKS id.",
    ),
    "report.button.household": ("{name} · {desa} · {distance}", "{name} · {desa} · {distance}"),
    "report.button.next": ("Berikutnya ▶", "Next ▶"),
    "report.button.previous": ("◀ Sebelumnya", "◀ Previous"),
    "report.button.nearest": ("📍 Terdekat", "📍 Nearest"),
    "report.no_coordinates": ("tanpa koordinat", "no coordinates"),
    "report.hint.household": (
        "Pilih KPM dengan tombol di atas, atau ketik nama kepala keluarga atau ID DTKS untuk mencari. "
        "/batal untuk membatalkan.",
        "Choose a household with the buttons above, or type the head's name or the DTKS id to search. "
        "/batal to cancel.",
    ),
    "report.not_yours": ("KPM ini tidak ada di daftar Anda.", "This household is not on your list."),
    "report.verdict.verified": (
        "✅ Terverifikasi: Anda {distance} dari rumah {name}.",
        "✅ Verified: you are {distance} from the home of {name}.",
    ),
    "report.verdict.uncertain": (
        "⚠️ Belum pasti: Anda {distance} dari rumah {name} (radius {radius} m, ketelitian lokasi "
        "±{accuracy} m). Laporan tetap dapat dikirim, tetapi akan ditandai untuk diperiksa koordinator.",
        "⚠️ Uncertain: you are {distance} from the home of {name} (radius {radius} m, location "
        "accuracy ±{accuracy} m). You can still send the report, but it will be flagged for the coordinator.",
    ),
    "report.verdict.outside": (
        "❌ Di luar radius: Anda {distance} dari rumah {name} (radius {radius} m). Laporan tetap dapat "
        "dikirim, tetapi akan ditandai untuk diperiksa koordinator.",
        "❌ Outside the radius: you are {distance} from the home of {name} (radius {radius} m). You can "
        "still send the report, but it will be flagged for the coordinator.",
    ),
    "report.verdict.no_reference": (
        "ℹ️ Rumah {name} belum punya koordinat terdaftar, jadi jarak tidak dapat dicek. Anda dapat "
        "mengusulkan posisi Anda sekarang sebagai lokasi rumah ini; admin akan memeriksanya.",
        "ℹ️ The home of {name} has no registered coordinates, so the distance cannot be checked. You "
        "can propose your current position as its location; an admin will check it.",
    ),
    "report.button.continue": ("Lanjutkan ▶", "Continue ▶"),
    "report.button.cancel": ("✖ Batal", "✖ Cancel"),
    "report.button.propose": ("📌 Usulkan posisi ini, lalu lanjut", "📌 Propose this position, then continue"),
    "report.proposal.noted": (
        "Usulan lokasi dicatat dan dikirim bersama laporan.",
        "The proposed location is noted and sent with the report.",
    ),
    "report.hint.verdict": (
        "Tekan salah satu tombol di atas untuk melanjutkan atau membatalkan. /batal untuk membatalkan.",
        "Press one of the buttons above to continue or cancel. /batal to cancel.",
    ),
    "report.ask_photos": (
        "Kirim foto kunjungan (paling sedikit {min}, paling banyak {max}). Foto yang dikirim sebagai "
        "file juga diterima dan menyimpan waktu serta lokasi pengambilannya.",
        "Send the visit photos (at least {min}, at most {max}). Photos sent as files are accepted too "
        "and keep the time and place they were taken.",
    ),
    "report.photo.received": ("Foto {count} diterima.", "Photo {count} received."),
    "report.photo.more": ("Kirim {remaining} foto lagi.", "Send {remaining} more photo(s)."),
    "report.photo.enough": (
        "Kirim foto lain atau tekan Lanjutkan.", "Send another photo or press Continue.",
    ),
    "report.photo.reused": (
        "⚠️ Foto ini pernah dipakai di laporan #{visit}; laporan akan ditandai.",
        "⚠️ This photo was used before in report #{visit}; the report will be flagged.",
    ),
    "report.photo.exif_time_skew": (
        "⚠️ Menurut data foto, foto ini diambil pada {taken} WIB, bukan saat kunjungan; laporan akan ditandai.",
        "⚠️ According to its data, this photo was taken at {taken} WIB, not during the visit; the report will be flagged.",
    ),
    "report.photo.exif_far": (
        "⚠️ Menurut data foto, foto ini diambil {distance} dari posisi Anda; laporan akan ditandai.",
        "⚠️ According to its data, this photo was taken {distance} from your position; the report will be flagged.",
    ),
    "report.photo.forwarded": (
        "Foto yang diteruskan tidak diterima. Ambil foto sendiri di rumah KPM.",
        "Forwarded photos are not accepted. Take the photo yourself at the household.",
    ),
    "report.photo.not_image": (
        "File ini bukan gambar yang dapat dibaca. Kirim foto (JPG atau PNG).",
        "This file is not a readable image. Send a photo (JPG or PNG).",
    ),
    "report.photo.duplicate": ("Foto ini sudah diterima.", "This photo was received already."),
    "report.photo.download_failed": (
        "Foto tidak dapat diunduh. Coba kirim sekali lagi.", "The photo could not be downloaded. Please send it again.",
    ),
    "report.hint.photos": (
        "Langkah ini menunggu foto kunjungan. Kirim foto, atau tekan Lanjutkan bila sudah cukup. /batal untuk membatalkan.",
        "This step needs visit photos. Send a photo, or press Continue when you have sent enough. /batal to cancel.",
    ),
    "report.photos.too_few": ("Kirim {remaining} foto lagi dulu.", "Send {remaining} more photo(s) first."),
    "report.ask_conditions": (
        "Tandai setiap syarat program. Tekan untuk mengganti: ✅ sesuai, ⚠️ ada masalah, ➖ tidak berlaku. "
        "Lalu tekan Lanjutkan.",
        "Mark each programme condition. Press to change: ✅ met, ⚠️ problem, ➖ not applicable. "
        "Then press Continue.",
    ),
    "report.condition.health_check": ("Pemeriksaan kesehatan ibu hamil/nifas", "Health checks of pregnant/post-partum women"),
    "report.condition.posyandu": ("Posyandu anak balita", "Posyandu for children under 6"),
    "report.condition.school": ("Kehadiran sekolah anak", "School attendance"),
    "report.condition.elderly_care": ("Perawatan lansia", "Care of the elderly"),
    "report.condition.disability_care": ("Perawatan penyandang disabilitas berat", "Care of people with severe disabilities"),
    "report.mark.unset": ("▫️", "▫️"),
    "report.mark.checked": ("✅", "✅"),
    "report.mark.problem": ("⚠️", "⚠️"),
    "report.mark.not_applicable": ("➖", "➖"),
    "report.mark_name.checked": ("sesuai", "met"),
    "report.mark_name.problem": ("ada masalah", "problem"),
    "report.mark_name.not_applicable": ("tidak berlaku", "not applicable"),
    "report.button.condition": ("{mark} {label}", "{mark} {label}"),
    "report.conditions.incomplete": ("Tandai dulu semua syarat.", "Mark every condition first."),
    "report.hint.conditions": (
        "Tandai syarat dengan tombol di atas, lalu tekan Lanjutkan. /batal untuk membatalkan.",
        "Mark the conditions with the buttons above, then press Continue. /batal to cancel.",
    ),
    "report.ask_note": (
        "Tulis catatan singkat (atau kirim pesan suara), atau tekan Lewati.",
        "Write a short note (or send a voice message), or press Skip.",
    ),
    "report.button.skip": ("Lewati ▶", "Skip ▶"),
    "report.note.too_long": (
        "Catatan terlalu panjang: paling banyak {limit} karakter.", "The note is too long: at most {limit} characters.",
    ),
    "report.hint.note": (
        "Kirim catatan berupa teks atau pesan suara, atau tekan Lewati. /batal untuk membatalkan.",
        "Send a note as text or a voice message, or press Skip. /batal to cancel.",
    ),
    "report.summary": (
        "<b>Ringkasan laporan</b>\nKPM: {name} ({dtks}), {desa}\nWaktu: {time} WIB\n"
        "Jarak: {distance} — {verdict}\nLokasi: {location_kind}\nFoto: {photos}\nSyarat:\n{conditions}\n"
        "Catatan: {note}\n{flags}\nKirim laporan ini?",
        "<b>Report summary</b>\nHousehold: {name} ({dtks}), {desa}\nTime: {time} WIB\n"
        "Distance: {distance} — {verdict}\nLocation: {location_kind}\nPhotos: {photos}\nConditions:\n{conditions}\n"
        "Note: {note}\n{flags}\nSend this report?",
    ),
    "report.summary.flags": ("Akan ditandai: {flags}", "Will be flagged: {flags}"),
    "report.summary.condition": ("{mark} {label}: {value}", "{mark} {label}: {value}"),
    "report.verdict_name.verified": ("terverifikasi", "verified"),
    "report.verdict_name.uncertain": ("belum pasti", "uncertain"),
    "report.verdict_name.outside": ("di luar radius", "outside the radius"),
    "report.verdict_name.no_reference": ("tanpa koordinat rujukan", "no reference coordinates"),
    "report.location_kind.live": ("lokasi langsung", "live location"),
    "report.location_kind.static": ("lokasi biasa (statis)", "static location"),
    "report.note.none": ("—", "—"),
    "report.note.voice": ("pesan suara", "voice message"),
    "report.button.send": ("✅ Kirim", "✅ Send"),
    "report.hint.confirm": (
        "Tekan Kirim untuk mengirim laporan atau Batal. /batal untuk membatalkan.",
        "Press Send to send the report, or Cancel. /batal to cancel.",
    ),
    "report.receipt": (
        "Laporan terkirim. Nomor laporan: <b>#{number}</b>. Terima kasih!",
        "Report sent. Report number: <b>#{number}</b>. Thank you!",
    ),
    "report.receipt.flagged": (
        "Laporan ini ditandai untuk diperiksa koordinator: {flags}.",
        "This report is flagged for the coordinator: {flags}.",
    ),
    "report.flag.outside": ("di luar radius", "outside the radius"),
    "report.flag.uncertain": ("jarak belum pasti", "uncertain distance"),
    "report.flag.no_reference": ("KPM tanpa koordinat", "household without coordinates"),
    "report.flag.static": ("lokasi statis", "static location"),
    "report.flag.impossible_travel": (
        "perpindahan terlalu cepat sejak laporan sebelumnya", "implausibly fast travel since the previous report",
    ),
    "report.flag.reused_photo": ("foto pernah dipakai", "photo used before"),
    "report.flag.exif_time_skew": ("waktu foto tidak cocok", "photo time does not match"),
    "report.flag.exif_far": ("lokasi foto jauh", "photo taken far away"),
    "report.cancelled": ("Laporan dibatalkan; tidak ada yang disimpan.", "Report cancelled; nothing was stored."),
    "report.expired": (
        "Laporan yang belum selesai dibatalkan karena tidak ada kegiatan selama {minutes} menit; tidak "
        "ada yang disimpan. Mulai lagi dengan /lapor.",
        "The unfinished report was cancelled after {minutes} minutes without activity; nothing was "
        "stored. Start again with /lapor.",
    ),
    "report.stale_button": ("Tombol ini sudah tidak berlaku.", "This button is no longer valid."),
    "report.history.header": ("Laporan terakhir Anda:", "Your latest reports:"),
    "report.history.line": (
        "#{number} · {time} · {name} ({desa}) · {verdict}{flags}",
        "#{number} · {time} · {name} ({desa}) · {verdict}{flags}",
    ),
    "report.history.flags": (" · ⚠️ {flags}", " · ⚠️ {flags}"),
    "report.history.empty": ("Anda belum mengirim laporan.", "You have not sent any report yet."),
    "report.households.header": (
        "KPM Anda ({count}), yang paling lama belum dikunjungi lebih dulu:",
        "Your households ({count}), longest unvisited first:",
    ),
    "report.households.line": ("{mark} {name} · {desa} · {dtks} · {last}", "{mark} {name} · {desa} · {dtks} · {last}"),
    "report.households.overdue": ("⏰", "⏰"),
    "report.households.recent": ("✔️", "✔️"),
    "report.households.never": ("belum pernah dikunjungi", "never visited"),
    "report.households.last": ("terakhir {date}", "last {date}"),
    "report.households.more": ("… dan {count} KPM lainnya.", "… and {count} more households."),
    "report.households.empty": ("Anda belum punya KPM yang ditugaskan.", "You have no households assigned."),

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
