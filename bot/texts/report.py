"""The visit report (/lapor), /riwayat and /kpmsaya.

Each text in Bahasa Indonesia first, English second; `bot.texts` joins the features."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "report.menu.report": ("📍 Lapor kunjungan", "📍 Report a visit"),
    "report.menu.history": ("🗂 Riwayat laporan", "🗂 My reports"),
    "report.menu.households": ("🏠 KPM saya", "🏠 My households"),
    "report.menu.placeholder": ("Pilih menu", "Choose from the menu"),
    "report.ask_location": (
        "Bagikan <b>lokasi langsung</b> Anda di rumah KPM:\n"
        "📎 Lampiran → Lokasi → <b>Bagikan lokasi langsung</b> → 15 menit.\n"
        "Lokasi langsung membuktikan Anda memang di sana; lokasi biasa tidak bisa dibedakan dari "
        "titik yang dipilih di peta dan akan ditandai.",
        "Share your <b>live location</b> at the household:\n"
        "📎 Attach → Location → <b>Share live location</b> → 15 minutes.\n"
        "A live location proves you are there; a static one cannot be told from a point picked on "
        "the map and is flagged.",
    ),
    "report.placeholder": ("Laporan sedang dibuat", "Report in progress"),
    "report.hint.location": (
        "Langkah ini menunggu lokasi langsung Anda: 📎 → Lokasi → Bagikan lokasi langsung. "
        "Tekan ✖ Batal atau /batal untuk membatalkan.",
        "This step needs your live location: 📎 → Location → Share live location. Press ✖ Cancel or /batal to cancel.",
    ),
    "report.refused.forwarded": (
        "Lokasi yang diteruskan tidak dapat dipakai. Kirim lokasi Anda sendiri, sekarang.",
        "A forwarded location cannot be used. Send your own location, now.",
    ),
    "report.refused.venue": (
        "Tempat yang dipilih dari daftar bukan posisi Anda. Kirim lokasi Anda sendiri.",
        "A place picked from a list is not your position. Send your own location.",
    ),
    "report.refused.zero": (
        "Lokasi 0, 0 berarti GPS ponsel belum mendapat posisi. Tunggu sebentar di luar ruangan sampai GPS "
        "menemukan posisi, lalu bagikan lokasi langsung lagi: 📎 → Lokasi → Bagikan lokasi langsung.",
        "Location 0, 0 means the phone's GPS has no fix yet. Wait a moment outdoors until the GPS finds your "
        "position, then share your live location again: 📎 → Location → Share live location.",
    ),
    "report.refused.outside": (
        "Lokasi ini di luar Provinsi {province_name}, jauh dari semua KPM Anda, jadi tidak bisa menjadi lokasi "
        "kunjungan. Bagikan lokasi langsung Anda di rumah KPM: 📎 → Lokasi → Bagikan lokasi langsung.",
        "This location is outside {province_name} province, far from all your households, so it cannot be a "
        "visit's location. Share your live location at the household: 📎 → Location → Share live location.",
    ),
    "report.refused.stale": (
        "Lokasi ini dikirim {minutes} menit sebelum laporan dimulai, jadi bukan lokasi kunjungan ini. "
        "Kirim lokasi Anda yang sekarang.",
        "This location was sent {minutes:minute|minutes} before the report began, so it is not this visit's. "
        "Send your current location.",
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
        "Lokasi biasa diterima, tetapi tidak bisa dibedakan dari titik yang dipilih di peta, jadi "
        "laporan akan ditandai. Bagikan juga lokasi langsung (📎 → Lokasi → Bagikan lokasi langsung) "
        "kapan saja sebelum mengirim: laporan lalu memakai lokasi langsung itu.",
        "Static location received, but it cannot be told from a point picked on the map, so the "
        "report will be flagged. Share a live location too (📎 → Location → Share live location) "
        "any time before sending: the report then uses that live location.",
    ),
    "report.location.upgraded": (
        "Lokasi langsung diterima: laporan ini kini memakai lokasi langsung. Lanjutkan langkah tadi.",
        "Live location received: this report now uses the live location. Go on with the step.",
    ),
    "report.location.kept": (
        "Laporan ini sudah punya lokasi; hanya lokasi langsung yang dapat menggantikannya. Lanjutkan langkah tadi.",
        "This report has a location already; only a live location can replace it. Go on with the step.",
    ),
    "report.already_started": (
        "Anda sedang membuat laporan. Lanjutkan laporan ini atau mulai lagi dari awal?",
        "You are in the middle of a report. Go on with it, or start again from the beginning?",
    ),
    "report.button.resume": ("▶ Lanjutkan", "▶ Go on"),
    "report.button.restart": ("🔄 Mulai lagi", "🔄 Start again"),
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
        "Kirim foto lain atau tekan Lanjutkan.",
        "Send another photo or press Continue.",
    ),
    "report.photo.reused": (
        "⚠️ Foto ini pernah dipakai di laporan #{visit}; laporan akan ditandai.",
        "⚠️ This photo was used before in report #{visit}; the report will be flagged.",
    ),
    "report.photo.exif_time_skew": (
        "⚠️ Menurut data foto, foto ini diambil pada {taken}, bukan saat kunjungan; laporan akan ditandai.",
        "⚠️ According to its data, this photo was taken at {taken}, not during the visit; the report will be flagged.",
    ),
    "report.photo.exif_far": (
        "⚠️ Menurut data foto, foto ini diambil {distance} dari posisi Anda; laporan akan ditandai.",
        "⚠️ According to its data, this photo was taken {distance} from your position; the report will be flagged.",
    ),
    "report.photo.forwarded": (
        "Foto yang diteruskan tidak diterima. Ambil foto sendiri di rumah KPM.",
        "Forwarded photos are not accepted. Take the photo yourself at the household.",
    ),
    "report.photo.too_large": (
        "Gambar ini terlalu besar ({size}; batasnya {limit}). Kirim sebagai foto biasa, bukan sebagai berkas.",
        "This image is too large ({size}; the limit is {limit}). Send it as a normal photo, not as a file.",
    ),
    "report.photo.not_image": (
        "File ini bukan gambar yang dapat dibaca. Kirim foto (JPG atau PNG).",
        "This file is not a readable image. Send a photo (JPG or PNG).",
    ),
    "report.photo.duplicate": ("Foto ini sudah diterima.", "This photo was received already."),
    "report.photo.download_failed": (
        "Foto tidak dapat diunduh. Coba kirim sekali lagi.",
        "The photo could not be downloaded. Please send it again.",
    ),
    "report.hint.photos": (
        "Langkah ini menunggu foto kunjungan. Kirim foto, atau tekan Lanjutkan bila sudah cukup. /batal untuk membatalkan.",
        "This step needs visit photos. Send a photo, or press Continue when you have sent enough. /batal to cancel.",
    ),
    "report.photos.too_few": ("Kirim {remaining} foto lagi dulu.", "Send {remaining} more photo(s) first."),
    "report.ask_conditions": (
        "Tandai setiap syarat program dengan satu tekan di bawah namanya: ✅ sesuai, ⚠️ ada masalah, "
        "➖ tidak berlaku. Lalu tekan Lanjutkan.",
        "Mark each programme condition with one press below its name: ✅ met, ⚠️ problem, "
        "➖ not applicable. Then press Continue.",
    ),
    "report.condition.health_check": (
        "Pemeriksaan kesehatan ibu hamil/nifas",
        "Health checks of pregnant/post-partum women",
    ),
    "report.condition.posyandu": ("Posyandu anak balita", "Posyandu for children under 6"),
    "report.condition.school": ("Kehadiran sekolah anak", "School attendance"),
    "report.condition.elderly_care": ("Perawatan lansia", "Care of the elderly"),
    "report.condition.disability_care": (
        "Perawatan penyandang disabilitas berat",
        "Care of people with severe disabilities",
    ),
    "report.mark.unset": ("▫️", "▫️"),
    "report.mark.checked": ("✅", "✅"),
    "report.mark.problem": ("⚠️", "⚠️"),
    "report.mark.not_applicable": ("➖", "➖"),
    "report.mark_name.checked": ("sesuai", "met"),
    "report.mark_name.problem": ("ada masalah", "problem"),
    "report.mark_name.not_applicable": ("tidak berlaku", "not applicable"),
    "report.button.condition": ("{mark} {label}", "{mark} {label}"),
    "report.button.mark": ("{mark} {name}", "{mark} {name}"),
    "report.button.mark_chosen": ("• {mark} {name} •", "• {mark} {name} •"),
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
        "Catatan terlalu panjang: paling banyak {limit} karakter.",
        "The note is too long: at most {limit} characters.",
    ),
    "report.hint.note": (
        "Kirim catatan berupa teks atau pesan suara, atau tekan Lewati. /batal untuk membatalkan.",
        "Send a note as text or a voice message, or press Skip. /batal to cancel.",
    ),
    "report.summary": (
        "<b>Ringkasan laporan</b>\nKPM: {name} ({dtks}), {desa}\nWaktu: {time}\n"
        "Jarak: {distance} — {verdict}\nLokasi: {location_kind}\nFoto: {photos}\nSyarat:\n{conditions}\n"
        "Catatan: {note}\n{flags}\nKirim laporan ini?",
        "<b>Report summary</b>\nHousehold: {name} ({dtks}), {desa}\nTime: {time}\n"
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
    "report.location_kind.static": (
        "lokasi biasa (statis), akan ditandai; bagikan lokasi langsung untuk menggantinya",
        "static location, will be flagged; share a live location to replace it",
    ),
    "report.location_kind.static_supported": (
        "lokasi biasa (statis), didukung data lokasi foto",
        "static location, supported by the photo's location data",
    ),
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
    "report.same_visit.ask": (
        "Anda sudah mengirim laporan <b>#{number}</b> untuk KPM ini ({minutes} menit dari kunjungan ini). "
        "Apakah ini kunjungan yang sama?",
        "You already sent report <b>#{number}</b> for this household ({minutes:minute|minutes} from this visit). "
        "Is this the same visit?",
    ),
    "report.button.same_visit": ("Kunjungan yang sama", "The same visit"),
    "report.button.new_visit": ("Kunjungan baru", "A new visit"),
    "report.same_visit.done": (
        "Tidak ada laporan baru: laporan <b>#{number}</b> tetap laporan kunjungan ini ({photos} foto baru ditambahkan).",
        "No new report: report <b>#{number}</b> remains this visit's report ({photos} new photos added).",
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
        "perpindahan terlalu cepat antarlaporan",
        "implausibly fast travel between reports",
    ),
    "report.flag.impossible_travel.since": (
        "perpindahan terlalu cepat sejak laporan #{other} sebelumnya",
        "implausibly fast travel since the earlier report #{other}",
    ),
    "report.flag.impossible_travel.before": (
        "perpindahan terlalu cepat ke laporan #{other} sesudahnya",
        "implausibly fast travel to the later report #{other}",
    ),
    "report.flag.reused_photo": ("foto pernah dipakai", "photo used before"),
    "report.flag.reused_photo.related": (
        "foto pernah dipakai di laporan #{other}",
        "photo used before in report #{other}",
    ),
    "report.flag.track_jump": (
        "lokasi langsung melompat terlalu jauh dalam sekejap",
        "the live location jumped implausibly far in an instant",
    ),
    "report.flag.frozen_track": (
        "lokasi langsung membeku (titik dan akurasi sama persis)",
        "the live location froze (the very same point and accuracy)",
    ),
    "report.flag.replayed_track": ("lintasan lokasi mengulang laporan lain", "the live track repeats another report"),
    "report.flag.replayed_track.related": (
        "lintasan lokasi mengulang laporan #{other}",
        "the live track repeats report #{other}",
    ),
    "report.flag.one_spot": ("satu titik untuk KPM yang berjauhan", "one spot for households far apart"),
    "report.flag.one_spot.others": (
        "satu titik untuk KPM yang berjauhan, juga laporan {others}",
        "one spot for households far apart, also reports {others}",
    ),
    "report.flag.still_track": (
        "tidak berpindah selama laporan beberapa KPM",
        "did not move while reporting several households",
    ),
    "report.flag.still_track.others": (
        "tidak berpindah selama laporan beberapa KPM, juga laporan {others}",
        "did not move while reporting several households, also reports {others}",
    ),
    "report.flag.exif_time_skew": ("waktu foto tidak cocok", "photo time does not match"),
    "report.flag.exif_far": ("lokasi foto jauh", "photo taken far away"),
    "report.cancelled": ("Laporan dibatalkan; tidak ada yang disimpan.", "Report cancelled; nothing was stored."),
    "report.expired": (
        "Laporan yang belum selesai dibatalkan karena tidak ada kegiatan selama {minutes} menit; tidak "
        "ada yang disimpan. Mulai lagi dengan /lapor.",
        "The unfinished report was cancelled after {minutes:minute|minutes} without activity; nothing was "
        "stored. Start again with /lapor.",
    ),
    "report.household_gone": (
        "Laporan tidak disimpan: KPM ini baru saja dialihkan atau dinonaktifkan oleh admin. "
        "Mulai laporan baru bila perlu.",
        "The report was not stored: an admin has just reassigned or deactivated this household. "
        "Start a new report if needed.",
    ),
    "report.stale_button": ("Tombol ini sudah tidak berlaku.", "This button is no longer valid."),
    "report.history.header": ("Laporan terakhir Anda:", "Your latest reports:"),
    "report.history.line": (
        "#{number} · {time} · {name} ({desa}) · {verdict}{flags}{review}{note}",
        "#{number} · {time} · {name} ({desa}) · {verdict}{flags}{review}{note}",
    ),
    "report.history.flags": (" · ⚠️ {flags}", " · ⚠️ {flags}"),
    "report.history.review.accepted": ("\n   ✅ Diterima koordinator", "\n   ✅ Accepted by your coordinator"),
    "report.history.review.rejected": (
        "\n   ❌ Ditolak koordinator. Alasan: {reason}",
        "\n   ❌ Rejected by your coordinator. Reason: {reason}",
    ),
    "report.history.review.revisit": (
        "\n   🔁 Koordinator meminta kunjungan ulang",
        "\n   🔁 Your coordinator asks for a revisit",
    ),
    "report.history.note": ("\n   📝 {note}", "\n   📝 {note}"),
    "report.history.voice_note": ("\n   🎙 pesan suara", "\n   🎙 voice note"),
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
}
