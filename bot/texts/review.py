"""Alerts of flagged reports, the reviewers' buttons and coordinate proposals.

Each text in Bahasa Indonesia first, English second; `bot.texts` joins the features."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # Alerts and review
    "alert.header": (
        "🚩 <b>{count} laporan ditandai</b> perlu ditinjau:",
        "🚩 <b>{count} flagged reports</b> to review:",
    ),
    "alert.entry": (
        "<b>#{id}</b> {household} ({desa})\nPendamping: {companion}, {time}\n"
        "Hasil: {verdict}, jarak {distance}, {photos} foto\nAlasan: {reasons}{note}",
        "<b>#{id}</b> {household} ({desa})\nCompanion: {companion}, {time}\n"
        "Result: {verdict}, distance {distance}, {photos:photo|photos}\nReasons: {reasons}{note}",
    ),
    "alert.note": ("\n📝 Catatan pendamping: {note}", "\n📝 Companion's note: {note}"),
    "alert.voice_note": (
        "\n🎙 Pendamping mengirim pesan suara (tombol 🔊).",
        "\n🎙 The companion sent a voice note (button 🔊).",
    ),
    "alert.button.voice": ("🔊 Pesan suara #{id}", "🔊 Voice note #{id}"),
    "review.voice_caption": ("Pesan suara pendamping, laporan #{id}", "Companion's voice note, report #{id}"),
    "review.no_voice": ("Laporan #{id} tidak memiliki pesan suara.", "Report #{id} has no voice note."),
    "alert.button.photos": ("📷 Foto #{id}", "📷 Photos #{id}"),
    "alert.button.location": ("📍 Lokasi #{id}", "📍 Location #{id}"),
    "alert.button.accept": ("✅ Terima", "✅ Accept"),
    "alert.button.reject": ("❌ Tolak", "❌ Reject"),
    "alert.button.revisit": ("🔁 Kunjungi ulang", "🔁 Revisit"),
    "review.no_photos": ("Laporan #{id} tidak memiliki foto.", "Report #{id} has no photos."),
    "review.photo_caption": ("Foto laporan #{id} ({number}/{total})", "Photo of report #{id} ({number}/{total})"),
    "review.location": (
        "Lokasi laporan #{id}: jarak ke rumah KPM {distance}.",
        "Location of report #{id}: {distance} from the household.",
    ),
    "review.not_found": (
        "Laporan ini tidak ditemukan atau bukan wilayah Anda.",
        "This report was not found or is not in your regions.",
    ),
    "review.already": (
        "Laporan #{id} sudah ditinjau ({status}) oleh {name}.",
        "Report #{id} was already reviewed ({status}) by {name}.",
    ),
    "review.accepted": ("✅ Laporan #{id} diterima.", "✅ Report #{id} accepted."),
    "review.revisit": (
        "🔁 Laporan #{id}: pendamping diminta berkunjung ulang.",
        "🔁 Report #{id}: the companion is asked to visit again.",
    ),
    "review.ask_reason": (
        "Tulis alasan penolakan laporan #{id} di pesan berikutnya. /batal bila tidak jadi menolak.{note}",
        "Write the reason report #{id} is rejected in your next message. /batal if you do not reject it after all.{note}",
    ),
    "review.cancelled": (
        "Penolakan dibatalkan; laporan #{id} belum ditinjau.",
        "Rejection cancelled; report #{id} is not reviewed.",
    ),
    "review.reason_placeholder": ("Alasan penolakan", "Reason for the rejection"),
    "review.reason_hint": (
        "Tulis alasan penolakan laporan #{id} sebagai pesan teks biasa (paling banyak {limit} huruf); "
        "stiker, foto, pesan terusan atau pesan yang diedit tidak dihitung. /batal bila tidak jadi menolak.",
        "Write the reason report #{id} is rejected as a plain text message (at most {limit} characters); "
        "stickers, photos, forwarded or edited messages do not count. /batal if you do not reject it after all.",
    ),
    "review.prompt_expired": (
        "Permintaan alasan ini sudah kedaluwarsa. Tekan lagi tombol Tolak pada peringatan bila masih ingin menolak.",
        "This request for a reason has expired. Press Reject on the alert "
        "again if you still want to reject the report.",
    ),
    "review.rejected": (
        "❌ Laporan #{id} ditolak. Pendamping sudah diberi tahu.",
        "❌ Report #{id} rejected. The companion has been told.",
    ),
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
    "proposal.reason.repeatedly_far": (
        "kunjungan terverifikasi berulang jauh dari titik terdaftar",
        "verified visits repeatedly far from the registered point",
    ),
    "proposal.button.accept": ("✅ Terima koordinat", "✅ Accept coordinates"),
    "proposal.button.reject": ("❌ Tolak", "❌ Reject"),
    "proposal.accepted": ("✅ Koordinat KPM {household} diperbarui.", "✅ Coordinates of {household} updated."),
    "proposal.rejected": (
        "Usulan koordinat untuk {household} ditolak.",
        "Coordinate proposal for {household} rejected.",
    ),
    "proposal.already": ("Usulan ini sudah diputuskan sebelumnya.", "This proposal was decided before."),
}
