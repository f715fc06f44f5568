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
    "command.ringkasan": ("Ringkasan kunjungan wilayah Anda", "Visit digest of your regions"),
    "command.ekspor": ("Ekspor kunjungan (CSV dan Excel)", "Export visits (CSV and Excel)"),
    "command.peta": ("Peta KPM dan kunjungan", "Map of households and visits"),
    "office.flag.outside": ("di luar radius", "outside the radius"),
    "office.flag.uncertain": ("jarak meragukan", "uncertain distance"),
    "office.flag.static": ("lokasi tidak langsung", "static location"),
    "office.flag.impossible_travel": ("perjalanan mustahil", "impossible travel"),
    "office.flag.reused_photo": ("foto dipakai ulang", "reused photo"),
    "office.flag.exif_skew": ("waktu foto janggal", "photo time mismatch"),
    "office.flag.no_reference": ("KPM tanpa koordinat", "household without coordinates"),
    "office.flag.poor_accuracy": ("akurasi GPS rendah", "poor GPS accuracy"),
    "office.flag.forwarded": ("lokasi diteruskan", "forwarded location"),
    "office.flag.stale": ("lokasi kedaluwarsa", "stale location"),
    "office.verdict.verified": ("terverifikasi", "verified"),
    "office.verdict.uncertain": ("meragukan", "uncertain"),
    "office.verdict.outside": ("di luar radius", "outside the radius"),
    "office.verdict.no_reference": ("tanpa koordinat KPM", "no household coordinates"),
    "office.review.accepted": ("diterima", "accepted"),
    "office.review.rejected": ("ditolak", "rejected"),
    "office.review.revisit": ("kunjungan ulang", "revisit"),
    "delivery.job.weekly_digest": ("ringkasan mingguan", "weekly digest"),
    "delivery.job.reminders": ("pengingat kunjungan", "visit reminders"),
    "delivery.job.alert": ("peringatan laporan", "report alerts"),
    "delivery.job.proposal": ("usulan koordinat", "coordinate proposals"),
    "delivery.blocked": (
        "⚠️ {count} penerima {job} tidak dapat dihubungi karena memblokir bot:",
        "⚠️ {count} recipients of the {job} could not be reached because they blocked the bot:",
    ),
    "delivery.blocked_line": ("• {name} ({role})", "• {name} ({role})"),
    # Reminders
    "reminder.header": (
        "⏰ <b>{count} KPM perlu dikunjungi</b> (paling lama dulu):",
        "⏰ <b>{count} households are due for a visit</b> (longest first):",
    ),
    "reminder.line": ("• {name} ({desa}) — {days} hari lalu", "• {name} ({desa}) — {days} days ago"),
    "reminder.line_never": ("• {name} ({desa}) — belum pernah dikunjungi", "• {name} ({desa}) — never visited"),
    "reminder.line_revisit": (
        "• 🔁 {name} ({desa}) — koordinator meminta kunjungan ulang",
        "• 🔁 {name} ({desa}) — the coordinator asked for a revisit",
    ),
    "reminder.more": ("…dan {count} KPM lainnya.", "…and {count} more households."),
    "reminder.footer": ("Tekan tombol di bawah untuk mulai melapor.", "Press the button below to start a report."),
    "reminder.button": ("📝 Mulai laporan kunjungan", "📝 Start a visit report"),
    # Digests
    "digest.title": ("📊 <b>Ringkasan kunjungan {period}</b>", "📊 <b>Visit digest {period}</b>"),
    "digest.scope": ("Wilayah: {name}", "Region: {name}"),
    "digest.visits": ("Kunjungan: <b>{visits}</b> ({change} dari periode sebelumnya: {previous})",
                      "Visits: <b>{visits}</b> ({change} against the previous period: {previous})"),
    "digest.households": ("KPM dikunjungi: {households}", "Households visited: {households}"),
    "digest.verified": ("Terverifikasi: {share} (sebelumnya {previous})", "Verified: {share} (previously {previous})"),
    "digest.flagged": ("Ditandai: {flagged} — {reasons}", "Flagged: {flagged} — {reasons}"),
    "digest.reviews": ("Ditinjau: {reviews}", "Reviewed: {reviews}"),
    "digest.regions_header": ("<b>Per kabupaten/kota:</b>", "<b>Per regency/city:</b>"),
    "digest.region_line": ("• {name}: {visits} kunjungan, {share} terverifikasi, {flagged} ditandai",
                           "• {name}: {visits} visits, {share} verified, {flagged} flagged"),
    "digest.attention_header": ("<b>Perlu perhatian:</b>", "<b>Needs attention:</b>"),
    "digest.silent": ("• {count} pendamping tanpa laporan: {names}", "• {count} companions without a report: {names}"),
    "digest.and_more": (" dan {count} lainnya", " and {count} more"),
    "digest.nobody_silent": ("• Semua pendamping melapor.", "• Every companion reported."),
    "digest.unvisited_header": ("• KPM terlama belum dikunjungi:", "• Households longest unvisited:"),
    "digest.unvisited_line": ("  – {name} ({desa}): {days} hari", "  – {name} ({desa}): {days} days"),
    "digest.unvisited_never": ("  – {name} ({desa}): belum pernah", "  – {name} ({desa}): never"),
    "digest.attachments": ("Tabel lengkap ada di lampiran Excel; grafiknya menyusul.",
                           "The full tables are in the Excel attachment; the chart follows."),
    "digest.file_name": ("ringkasan-{first}-{last}", "digest-{first}-{last}"),
    "digest.chart_caption": (
        "Kunjungan per pendamping (per kabupaten/kota bila pendamping lebih dari {limit})",
        "Visits per companion (per regency/city when there are more than {limit} companions)",
    ),
    "digest.chart.title": ("Kunjungan {period}", "Visits {period}"),
    "digest.chart.verified": ("Terverifikasi", "Verified"),
    "digest.chart.flagged": ("Ditandai", "Flagged"),
    "digest.chart.other": ("Lainnya", "Other"),
    "digest.chart.visits": ("Jumlah kunjungan", "Number of visits"),
    "digest.sheet.summary": ("Ringkasan", "Summary"),
    "digest.sheet.unvisited": ("KPM terlama", "Longest unvisited"),
    "digest.col.region": ("Wilayah", "Region"),
    "digest.col.visits": ("Kunjungan", "Visits"),
    "digest.col.households": ("KPM dikunjungi", "Households visited"),
    "digest.col.verified": ("Terverifikasi", "Verified"),
    "digest.col.verified_pct": ("Terverifikasi (%)", "Verified (%)"),
    "digest.col.flagged": ("Ditandai", "Flagged"),
    "digest.col.previous_visits": ("Kunjungan periode sebelumnya", "Visits previous period"),
    "digest.col.change": ("Perubahan", "Change"),
    "digest.col.companion": ("Pendamping", "Companion"),
    "digest.col.overdue": ("KPM terlambat dikunjungi", "Overdue households"),
    "digest.col.days_since": ("Hari sejak laporan terakhir", "Days since last report"),
    "digest.col.dtks_id": ("ID DTKS", "DTKS id"),
    "digest.col.head_name": ("Kepala keluarga", "Head of household"),
    "digest.col.desa": ("Desa/kelurahan", "Village"),
    "digest.col.last_visit": ("Kunjungan terakhir (WIB)", "Last visit (WIB)"),
    "digest.col.days": ("Hari tanpa kunjungan", "Days without a visit"),
    "digest.usage": (
        "Gunakan: /ringkasan, /ringkasan minggu, /ringkasan bulan atau /ringkasan 2026-11-01 2026-11-30.",
        "Use: /ringkasan, /ringkasan minggu (week), /ringkasan bulan (month) or /ringkasan 2026-11-01 2026-11-30.",
    ),
    "digest.no_regions": ("Anda belum ditugaskan ke wilayah mana pun.", "You are not assigned to any region."),
    # Alerts and review
    "alert.header": (
        "🚩 <b>{count} laporan ditandai</b> perlu ditinjau:",
        "🚩 <b>{count} flagged reports</b> to review:",
    ),
    "alert.entry": (
        "<b>#{id}</b> {household} ({desa})\nPendamping: {companion}, {time} WIB\n"
        "Hasil: {verdict}, jarak {distance}, {photos} foto\nAlasan: {reasons}",
        "<b>#{id}</b> {household} ({desa})\nCompanion: {companion}, {time} WIB\n"
        "Result: {verdict}, distance {distance}, {photos} photos\nReasons: {reasons}",
    ),
    "alert.button.photos": ("📷 Foto #{id}", "📷 Photos #{id}"),
    "alert.button.location": ("📍 Lokasi #{id}", "📍 Location #{id}"),
    "alert.button.accept": ("✅ Terima", "✅ Accept"),
    "alert.button.reject": ("❌ Tolak", "❌ Reject"),
    "alert.button.revisit": ("🔁 Kunjungi ulang", "🔁 Revisit"),
    "review.no_photos": ("Laporan #{id} tidak memiliki foto.", "Report #{id} has no photos."),
    "review.photo_caption": ("Foto laporan #{id} ({number}/{total})", "Photo of report #{id} ({number}/{total})"),
    "review.location": ("Lokasi laporan #{id}: jarak ke rumah KPM {distance}.",
                        "Location of report #{id}: {distance} from the household."),
    "review.not_found": ("Laporan ini tidak ditemukan atau bukan wilayah Anda.",
                         "This report was not found or is not in your regions."),
    "review.already": ("Laporan #{id} sudah ditinjau ({status}) oleh {name}.",
                       "Report #{id} was already reviewed ({status}) by {name}."),
    "review.accepted": ("✅ Laporan #{id} diterima.", "✅ Report #{id} accepted."),
    "review.revisit": ("🔁 Laporan #{id}: pendamping diminta berkunjung ulang.",
                       "🔁 Report #{id}: the companion is asked to visit again."),
    "review.ask_reason": ("Tulis alasan penolakan laporan #{id} (atau /batal):",
                          "Write why report #{id} is rejected (or /batal):"),
    "review.reason_hint": ("Kirim alasan penolakan sebagai teks, atau /batal untuk membatalkan.",
                           "Send the reason for the rejection as text, or /batal to cancel."),
    "review.rejected": ("❌ Laporan #{id} ditolak. Pendamping sudah diberi tahu.",
                        "❌ Report #{id} rejected. The companion has been told."),
    "review.cancelled": ("Penolakan dibatalkan; laporan #{id} belum ditinjau.",
                         "Rejection cancelled; report #{id} is not reviewed."),
    "review.companion_revisit": (
        "🔁 Koordinator meminta Anda mengunjungi ulang <b>{household}</b> (laporan #{id}). "
        "KPM ini kini paling atas di pengingat Anda.",
        "🔁 Your coordinator asks you to visit <b>{household}</b> again (report #{id}). "
        "This household is now at the top of your reminders.",
    ),
    "review.companion_rejected": (
        "❌ Laporan #{id} untuk <b>{household}</b> ditolak koordinator. Alasan: {reason}",
        "❌ Report #{id} for <b>{household}</b> was rejected by your coordinator. Reason: {reason}",
    ),
    # Coordinate proposals
    "proposal.notice": (
        "📌 <b>Usulan koordinat</b> untuk {household} (DTKS {dtks})\nDari: {companion}\nAlasan: {reason}\n"
        "Usulan: {proposed} (akurasi {accuracy})\nSaat ini: {current}",
        "📌 <b>Coordinate proposal</b> for {household} (DTKS {dtks})\nFrom: {companion}\nReason: {reason}\n"
        "Proposed: {proposed} (accuracy {accuracy})\nCurrent: {current}",
    ),
    "proposal.reason.no_reference": ("KPM belum punya koordinat", "the household has no coordinates"),
    "proposal.reason.repeatedly_far": ("kunjungan terverifikasi berulang jauh dari titik terdaftar",
                                       "verified visits repeatedly far from the registered point"),
    "proposal.button.accept": ("✅ Terima koordinat", "✅ Accept coordinates"),
    "proposal.button.reject": ("❌ Tolak", "❌ Reject"),
    "proposal.accepted": ("✅ Koordinat KPM {household} diperbarui.", "✅ Coordinates of {household} updated."),
    "proposal.rejected": (
        "Usulan koordinat untuk {household} ditolak.",
        "Coordinate proposal for {household} rejected.",
    ),
    "proposal.already": ("Usulan ini sudah diputuskan sebelumnya.", "This proposal was decided before."),
    # Exports and map
    "export.usage": (
        "Gunakan: /ekspor &lt;dari&gt; &lt;sampai&gt;, misalnya /ekspor 2026-11-01 2026-11-30 "
        "atau /ekspor 01/11/2026 30/11/2026.",
        "Use: /ekspor &lt;from&gt; &lt;to&gt;, e.g. /ekspor 2026-11-01 2026-11-30 or /ekspor 01/11/2026 30/11/2026.",
    ),
    "export.ready": ("📄 Ekspor kunjungan {period}: {count} kunjungan.", "📄 Visit export {period}: {count} visits."),
    "export.too_large": (
        "Berkas {name} terlalu besar untuk Telegram ({size} MB, batas {limit} MB): persempit rentang tanggal.",
        "The file {name} is too large for Telegram ({size} MB, limit {limit} MB): narrow the dates.",
    ),
    "export.file_name": ("kunjungan-{first}-{last}", "visits-{first}-{last}"),
    "export.col.visit_id": ("No. laporan", "Report no."),
    "export.col.dtks_id": ("ID DTKS", "DTKS id"),
    "export.col.kk_number": ("No. KK", "Family card no."),
    "export.col.head_nik": ("NIK kepala keluarga", "Head's NIK"),
    "export.col.head_name": ("Kepala keluarga", "Head of household"),
    "export.col.region": ("Wilayah", "Region"),
    "export.col.companion": ("Pendamping", "Companion"),
    "export.col.started_at": ("Mulai (WIB)", "Started (WIB)"),
    "export.col.reported_at": ("Dilaporkan (WIB)", "Reported (WIB)"),
    "export.col.latitude": ("Lintang", "Latitude"),
    "export.col.longitude": ("Bujur", "Longitude"),
    "export.col.accuracy_m": ("Akurasi (m)", "Accuracy (m)"),
    "export.col.distance_m": ("Jarak ke rumah (m)", "Distance to house (m)"),
    "export.col.verdict": ("Hasil", "Result"),
    "export.col.flags": ("Tanda", "Flags"),
    "export.col.conditions": ("Komitmen", "Conditions"),
    "export.col.review": ("Tinjauan", "Review"),
    "export.col.review_reason": ("Alasan tinjauan", "Review reason"),
    "export.col.reviewer": ("Peninjau", "Reviewer"),
    "export.col.reviewed_at": ("Ditinjau (WIB)", "Reviewed (WIB)"),
    "map.usage": (
        "Gunakan: /peta (30 hari terakhir) atau /peta &lt;dari&gt; &lt;sampai&gt;, "
        "misalnya /peta 2026-11-01 2026-11-30.",
        "Use: /peta (last 30 days) or /peta &lt;from&gt; &lt;to&gt;, e.g. /peta 2026-11-01 2026-11-30.",
    ),
    "map.ready": (
        "🗺️ Peta {period}: {households} KPM dan {visits} kunjungan. Buka file HTML di peramban "
        "(butuh internet untuk latar peta); file GeoJSON untuk aplikasi GIS.",
        "🗺️ Map {period}: {households} households and {visits} visits. Open the HTML file in a browser "
        "(the background map needs internet); the GeoJSON file is for GIS tools.",
    ),
    "map.truncated": (
        "Peta hanya memuat {limit} KPM dan {limit} kunjungan pertama; persempit tanggal atau wilayah.",
        "The map holds only the first {limit} households and {limit} visits; narrow the dates or the region.",
    ),
    "map.file_name": ("peta-{first}-{last}", "map-{first}-{last}"),
    "map.layer.households": ("KPM (hari sejak kunjungan terakhir)", "Households (days since last visit)"),
    "map.layer.visits": ("Kunjungan (hasil)", "Visits (result)"),
    "map.household_popup": ("{name} — {desa}<br>{last}", "{name} — {desa}<br>{last}"),
    "map.visit_popup": ("Laporan #{id}: {name}<br>{companion}, {time} WIB<br>{verdict}",
                        "Report #{id}: {name}<br>{companion}, {time} WIB<br>{verdict}"),
    "map.never": ("belum pernah dikunjungi", "never visited"),
    "map.days": ("{days} hari sejak kunjungan terakhir", "{days} days since the last visit"),
    "map.legend.recent": ("KPM: ≤ {days} hari", "Households: ≤ {days} days"),
    "map.legend.late": ("KPM: {low}–{high} hari", "Households: {low}–{high} days"),
    "map.legend.old": ("KPM: > {days} hari", "Households: > {days} days"),
    "map.legend.never": ("KPM: belum pernah dikunjungi", "Households: never visited"),

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
