"""Each command's description, as /bantuan and Telegram's command menu show it.

Each text in Bahasa Indonesia first, English second; `bot.texts` joins the features."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "command.start": ("Mulai dan lihat menu", "Start and see the menu"),
    "command.bantuan": ("Daftar perintah", "List of commands"),
    "command.batal": ("Batalkan langkah yang sedang berjalan", "Cancel what is in progress"),
    "command.undang": ("Undang orang (tautan sekali pakai)", "Invite a person (one-time link)"),
    "command.undangan": ("Undangan yang masih berlaku", "Invitations still open"),
    "command.cabut": ("Cabut undangan", "Revoke an invitation"),
    "command.orang": ("Daftar orang per peran/wilayah", "List people by role/region"),
    "command.nonaktifkan": ("Nonaktifkan orang", "Deactivate a person"),
    "command.aktifkan": ("Aktifkan kembali orang", "Reactivate a person"),
    "command.pindahwilayah": (
        "Ubah wilayah pendamping atau koordinator",
        "Change a companion's or coordinator's regions",
    ),
    "command.alihkan": ("Alihkan semua KPM ke pendamping lain", "Hand all households to another companion"),
    "command.kpmbaru": ("Daftarkan satu KPM", "Register one household"),
    "command.templat": ("Templat impor KPM (CSV)", "Household import template (CSV)"),
    "command.kpm": ("Cari KPM (ID DTKS, No. KK, nama)", "Find a household (DTKS id, KK, name)"),
    "command.koreksi": ("Koreksi koordinat KPM", "Correct a household's coordinates"),
    "command.pindahkpm": ("Pindahkan KPM ke pendamping lain", "Give a household to another companion"),
    "command.nonaktifkpm": ("Nonaktifkan KPM", "Deactivate a household"),
    "command.aktifkpm": ("Aktifkan kembali KPM", "Reactivate a household"),
    "command.lapor": ("Laporkan kunjungan ke KPM", "Report a household visit"),
    "command.riwayat": ("Laporan kunjungan terakhir Anda", "Your latest visit reports"),
    "command.kpmsaya": ("KPM Anda, yang lama belum dikunjungi lebih dulu", "Your households, overdue first"),
    "command.ringkasan": ("Ringkasan kunjungan wilayah Anda", "Visit digest of your regions"),
    "command.ekspor": ("Ekspor kunjungan (CSV dan Excel)", "Export visits (CSV and Excel)"),
    "command.peta": ("Peta KPM dan kunjungan", "Map of households and visits"),
    "command.pantau": ("Dasbor pemantauan (peta, cakupan, tinjauan)", "Monitoring dashboard (map, coverage, review)"),
    # Tasks and announcements
    "command.tugas": ("Tugas dan pengumuman untuk pendamping", "Tasks and announcements for companions"),
    "command.tugassaya": ("Tugas Anda yang masih terbuka", "Your open tasks"),
    "command.tindaklanjut": ("KPM yang perlu tindak lanjut program", "Households needing programme follow-up"),
}
