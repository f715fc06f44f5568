"""The weekly digest (/ringkasan): its message, chart and workbook.

Each text in Bahasa Indonesia first, English second; `bot.texts` joins the features."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # Digests
    "digest.title": ("📊 <b>Ringkasan kunjungan {period}</b>", "📊 <b>Visit digest {period}</b>"),
    "digest.scope": ("Wilayah: {name}", "Region: {name}"),
    "digest.visits": (
        "Kunjungan: <b>{visits}</b> ({change} dari periode sebelumnya: {previous})",
        "Visits: <b>{visits}</b> ({change} against the previous period: {previous})",
    ),
    "digest.households": ("KPM dikunjungi: {households}", "Households visited: {households}"),
    "digest.verified": ("Terverifikasi: {share} (sebelumnya {previous})", "Verified: {share} (previously {previous})"),
    "digest.live": (
        "Lokasi langsung: {share} laporan; lama di rumah KPM (median): {dwell}",
        "Live location: {share} of reports; time at the household (median): {dwell}",
    ),
    "digest.minutes": ("{minutes} menit", "{minutes:minute|minutes}"),
    "digest.rarely_live": (
        "• {count} pendamping jarang memakai lokasi langsung: {names}",
        "• {count:companion|companions} rarely sharing a live location: {names}",
    ),
    "digest.col.live_pct": ("Lokasi langsung (%)", "Live location (%)"),
    "digest.col.dwell_minutes": ("Lama di rumah, median (menit)", "Time at the household, median (minutes)"),
    "digest.flagged": ("Ditandai: {flagged} — {reasons}", "Flagged: {flagged} — {reasons}"),
    "digest.flagged_none": ("Ditandai: tidak ada laporan", "Flagged: no report"),
    "digest.reviews": ("Ditinjau: {reviews}", "Reviewed: {reviews}"),
    "digest.regions_header": ("<b>Per kabupaten/kota:</b>", "<b>Per regency/city:</b>"),
    "digest.region_line": (
        "• {name}: {visits} kunjungan, {share} terverifikasi, {live} lokasi langsung, {flagged} ditandai",
        "• {name}: {visits:visit|visits}, {share} verified, {live} live location, {flagged} flagged",
    ),
    "digest.attention_header": ("<b>Perlu perhatian:</b>", "<b>Needs attention:</b>"),
    "digest.silent": (
        "• {count} pendamping tanpa laporan: {names}",
        "• {count:companion|companions} without a report: {names}",
    ),
    "digest.and_more": (" dan {count} lainnya", " and {count} more"),
    "digest.nobody_silent": ("• Semua pendamping melapor.", "• Every companion reported."),
    "digest.unvisited_header": ("• KPM terlama belum dikunjungi:", "• Households longest unvisited:"),
    "digest.unvisited_line": ("  – {name} ({desa}): {days} hari", "  – {name} ({desa}): {days:day|days}"),
    "digest.unvisited_never": ("  – {name} ({desa}): belum pernah", "  – {name} ({desa}): never"),
    "digest.attachments": (
        "Tabel lengkap ada di lampiran Excel; grafiknya menyusul.",
        "The full tables are in the Excel attachment; the chart follows.",
    ),
    "digest.file_name": ("ringkasan-{first}-{last}", "digest-{first}-{last}"),
    "digest.chart_caption.companions": ("Kunjungan per pendamping", "Visits per companion"),
    "digest.chart_caption.regions": (
        "Kunjungan per kabupaten/kota: {companions} pendamping terlalu banyak untuk satu batang per orang",
        "Visits per regency/city: {companions:companion is|companions are} too many for a bar each",
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
    "digest.col.last_visit": ("Kunjungan terakhir ({zone})", "Last visit ({zone})"),
    "digest.col.days": ("Hari tanpa kunjungan", "Days without a visit"),
    "digest.sheet.flagged": ("Laporan ditandai", "Flagged reports"),
    "digest.col.report": ("No. laporan", "Report no."),
    "digest.col.visited_at": ("Kunjungan ({zone})", "Visited ({zone})"),
    "digest.col.flags": ("Alasan ditandai", "Flag reasons"),
    "digest.col.review": ("Hasil tinjauan", "Review"),
    "digest.col.reviewer": ("Peninjau", "Reviewer"),
    "digest.col.reviewed_at": ("Ditinjau ({zone})", "Reviewed ({zone})"),
    "digest.col.review_reason": ("Alasan tinjauan", "Review reason"),
    "digest.col.conditions": ("Komitmen", "Conditions"),
    "digest.col.note": ("Catatan pendamping", "Companion's note"),
    "digest.col.voice_note": ("Pesan suara", "Voice note"),
    "digest.usage": (
        "Gunakan: /ringkasan, /ringkasan minggu, /ringkasan bulan atau /ringkasan 2026-11-01 2026-11-30 "
        "(petugas nasional: /ringkasan nasional …).",
        "Use: /ringkasan, /ringkasan minggu (week), /ringkasan bulan (month) or /ringkasan 2026-11-01 2026-11-30 "
        "(national office: /ringkasan nasional …).",
    ),
    "digest.no_regions": ("Anda belum ditugaskan ke wilayah mana pun.", "You are not assigned to any region."),
    "digest.national.scope": ("Wilayah: Nasional ({count} provinsi)", "Region: national ({count:province|provinces})"),
    "digest.national.flagged": ("Ditandai: {flagged}", "Flagged: {flagged}"),
    "digest.national.header": ("<b>Per provinsi:</b>", "<b>Per province:</b>"),
    "digest.national.refused": (
        "Ringkasan nasional hanya untuk petugas tingkat nasional.",
        "The national digest is for the national office only.",
    ),
    "digest.national.unavailable": (
        "Ringkasan nasional memerlukan basis data PostgreSQL yang dipakai bersama oleh bot-bot provinsi; "
        "bot ini menyimpan data satu provinsi saja.",
        "The national digest needs a PostgreSQL database shared by the provinces' bots; this bot keeps "
        "one province's data only.",
    ),
}
