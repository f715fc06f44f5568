"""Exports (/ekspor) and the map (/peta).

Each text in Bahasa Indonesia first, English second; `bot.texts` joins the features."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "office.review.accepted": ("diterima", "accepted"),
    "office.review.rejected": ("ditolak", "rejected"),
    "office.review.revisit": ("kunjungan ulang", "revisit"),
    # Exports and map
    "export.usage": (
        "Gunakan: /ekspor (30 hari terakhir), /ekspor minggu (minggu lalu), /ekspor bulan (bulan lalu) "
        "atau /ekspor &lt;dari&gt; &lt;sampai&gt;, misalnya /ekspor 2026-11-01 2026-11-30 "
        "atau /ekspor 01/11/2026 30/11/2026. Perubahan data KPM yang disetujui (untuk padanan DTKS): "
        "/ekspor perubahan dengan periode yang sama, misalnya /ekspor perubahan bulan.",
        "Use: /ekspor (last 30 days), /ekspor minggu (last week), /ekspor bulan (last month) "
        "or /ekspor &lt;from&gt; &lt;to&gt;, e.g. /ekspor 2026-11-01 2026-11-30 or /ekspor 01/11/2026 30/11/2026. "
        "Approved household changes (for the DTKS reconciliation): /ekspor perubahan with the same periods, "
        "e.g. /ekspor perubahan bulan.",
    ),
    "export.other_periods": (
        "Ini 30 hari terakhir. Periode lain: /ekspor minggu, /ekspor bulan atau /ekspor 2026-11-01 2026-11-30.",
        "These are the last 30 days. Other periods: /ekspor minggu (last week), /ekspor bulan (last month) "
        "or /ekspor 2026-11-01 2026-11-30.",
    ),
    "export.ready": (
        "📄 Ekspor kunjungan {period}: {count} kunjungan.",
        "📄 Visit export {period}: {count:visit|visits}.",
    ),
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
    "export.col.started_at": ("Mulai ({zone})", "Started ({zone})"),
    "export.col.reported_at": ("Dilaporkan ({zone})", "Reported ({zone})"),
    "export.col.latitude": ("Lintang", "Latitude"),
    "export.col.longitude": ("Bujur", "Longitude"),
    "export.col.accuracy_m": ("Akurasi (m)", "Accuracy (m)"),
    "export.col.distance_m": ("Jarak ke rumah (m)", "Distance to house (m)"),
    "export.col.verdict": ("Hasil", "Result"),
    "export.col.flags": ("Tanda", "Flags"),
    "export.col.conditions": ("Komitmen", "Conditions"),
    "export.col.note": ("Catatan pendamping", "Companion's note"),
    "export.col.voice_note": ("Pesan suara", "Voice note"),
    "export.voice_note": ("ada", "yes"),
    "export.col.review": ("Tinjauan", "Review"),
    "export.col.review_reason": ("Alasan tinjauan", "Review reason"),
    "export.col.reviewer": ("Peninjau", "Reviewer"),
    "export.col.reviewed_at": ("Ditinjau ({zone})", "Reviewed ({zone})"),
    "map.usage": (
        "Gunakan: /peta (30 hari terakhir), /peta minggu (minggu lalu), /peta bulan (bulan lalu) "
        "atau /peta &lt;dari&gt; &lt;sampai&gt;, misalnya /peta 2026-11-01 2026-11-30.",
        "Use: /peta (last 30 days), /peta minggu (last week), /peta bulan (last month) "
        "or /peta &lt;from&gt; &lt;to&gt;, e.g. /peta 2026-11-01 2026-11-30.",
    ),
    "map.ready": (
        "🗺️ Peta {period}: {households} KPM dan {visits} kunjungan. Buka file HTML di peramban "
        "(butuh internet untuk latar peta); file GeoJSON untuk aplikasi GIS.",
        "🗺️ Map {period}: {households:household|households} and {visits:visit|visits}. Open the HTML file in a browser "
        "(the background map needs internet); the GeoJSON file is for GIS tools.",
    ),
    "map.truncated": (
        "Peta hanya memuat {limit} KPM dan {limit} kunjungan pertama; persempit tanggal atau wilayah.",
        "The map holds only the first {limit:household|households} and {limit:visit|visits}; narrow the dates or the region.",
    ),
    "map.file_name": ("peta-{first}-{last}", "map-{first}-{last}"),
    "map.layer.households": ("KPM (hari sejak kunjungan terakhir)", "Households (days since last visit)"),
    "map.layer.visits": ("Kunjungan (hasil)", "Visits (result)"),
    "map.household_popup": ("{name} — {desa}\n{last}", "{name} — {desa}\n{last}"),
    "map.visit_popup": (
        "Laporan #{id}: {name}\n{companion}, {time}\n{verdict}",
        "Report #{id}: {name}\n{companion}, {time}\n{verdict}",
    ),
    "map.never": ("belum pernah dikunjungi", "never visited"),
    "map.days": ("{days} hari sejak kunjungan terakhir", "{days:day|days} since the last visit"),
    "map.legend.households_title": (
        "KPM (titik penuh): hari sejak kunjungan terakhir",
        "Households (filled dots): days since the last visit",
    ),
    "map.legend.recent": ("≤ {days} hari", "≤ {days:day|days}"),
    "map.legend.late": ("{low}–{high} hari", "{low}–{high:day|days}"),
    "map.legend.old": ("> {days} hari", "> {days:day|days}"),
    "map.legend.never": ("belum pernah dikunjungi", "never visited"),
    "map.legend.visits_title": (
        "Kunjungan (lingkaran): hasil pemeriksaan lokasi",
        "Visits (rings): result of the location check",
    ),
}
