"""Field updates (companions propose changes of a household: its status, contact, composition, a
note; admins and, where allowed, coordinators decide) and programme follow-up (a condition a
problem visit after visit), with the register's reasons their values are refused for.

Each text in Bahasa Indonesia first, English second; `bot.texts` joins the features."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # Values the register refuses (beside the import's, `reg.reason.*` of the registry)
    "reg.reason.phone": (
        "bukan nomor telepon Indonesia; ketik misalnya 0812 3456 7890 atau +62 812 3456 7890",
        "not an Indonesian phone number; type e.g. 0812 3456 7890 or +62 812 3456 7890",
    ),
    "reg.reason.count_number": ("ketik satu angka bulat saja, misalnya 4", "type one whole number, e.g. 4"),
    "reg.reason.count_negative": ("jumlah orang tidak bisa negatif", "a number of people cannot be negative"),
    "reg.reason.count_absurd": (
        "lebih dari {limit} orang dalam satu keluarga tidak masuk akal; periksa lagi angkanya",
        "more than {limit} people in one family is not plausible; check the number",
    ),
    "reg.reason.count_above_members": (
        "lebih banyak dari jumlah anggota keluarga ({members})",
        "more than the family's members ({members})",
    ),
    "reg.reason.count_below_components": (
        "lebih sedikit dari komponen yang dicatat ({largest} orang)",
        "fewer than a component noted ({largest} people)",
    ),
    "reg.reason.outside_province": ("di luar provinsi", "outside the province"),
    "reg.reason.invalid": ("isinya tidak dapat dibaca", "its value cannot be read"),
    # ── Field updates ───────────────────────────────────────────────────
    "upd.field.status": ("Status keluarga", "Family status"),
    "upd.field.phone": ("Telepon", "Phone"),
    "upd.field.address": ("Alamat", "Address"),
    "upd.field.members": ("Jumlah anggota keluarga", "Family members"),
    "upd.field.under_five": ("Anak balita", "Children under five"),
    "upd.field.school_sd": ("Anak usia SD", "Primary-school children"),
    "upd.field.school_smp": ("Anak usia SMP", "Junior-high children"),
    "upd.field.school_sma": ("Anak usia SMA", "Senior-high children"),
    "upd.field.pregnant": ("Ibu hamil/nifas", "Pregnant or post-partum women"),
    "upd.field.elderly": ("Lansia (60+)", "Elderly (60+)"),
    "upd.field.disabled": ("Penyandang disabilitas berat", "People with severe disabilities"),
    "upd.field.note": ("Catatan", "Note"),
    "upd.status.moved": ("Pindah", "Moved"),
    "upd.status.deceased": ("Kepala keluarga meninggal", "Head of household deceased"),
    "upd.status.graduated": ("Mampu / graduasi", "Graduated (no longer needs assistance)"),
    "upd.status.not_found": ("Tidak ditemukan", "Not found"),
    "upd.status.refuses": ("Menolak didampingi", "Refuses the companion"),
    "upd.household_status.moved": ("pindah, keluar program", "moved, out of the programme"),
    "upd.household_status.deceased": (
        "kepala keluarga meninggal tanpa penerus, keluar program",
        "head deceased without successor, out of the programme",
    ),
    "upd.household_status.graduated": ("mampu / graduasi, keluar program", "graduated, out of the programme"),
    "upd.household_status.not_found": ("tidak ditemukan", "not found"),
    "upd.household_status.refuses": ("menolak didampingi", "refuses the companion"),
    "upd.detail.away": ("ke luar wilayah dampingan", "out of the companion's area"),
    "upd.detail.nearby": ("masih di wilayah dampingan", "still in the companion's area"),
    "upd.detail.address": ("alamat baru: {address}", "new address: {address}"),
    "upd.detail.position": ("titik baru (lokasi langsung): {position}", "new point (live location): {position}"),
    "upd.detail.no_successor": ("tidak ada penerus", "no successor"),
    "upd.detail.successor": ("kepala keluarga baru: {name}, NIK {nik}", "new head: {name}, NIK {nik}"),
    "upd.detail.kk": ("No. KK baru {kk}", "new KK number {kk}"),
    "upd.detail.reason": ("alasan: {reason}", "reason: {reason}"),
    "upd.change_line": ("• {field}: {value}", "• {field}: {value}"),
    "upd.menu": (
        "📝 <b>Perubahan data KPM {name}</b> ({dtks_id})\n"
        "Pilih apa yang berubah; bisa beberapa sekaligus. Setiap perubahan diperiksa admin sebelum masuk "
        "data KPM. Lalu tekan ✅ Kirim.",
        "📝 <b>Changes for household {name}</b> ({dtks_id})\n"
        "Choose what changed; several at once if needed. An admin checks each change before it enters the "
        "register. Then press ✅ Send.",
    ),
    "upd.menu.none": ("Belum ada perubahan yang dicatat.", "No change noted yet."),
    "upd.menu.changes": ("<b>Akan dikirim:</b>", "<b>To be sent:</b>"),
    "upd.noted": ("✔️ Dicatat.", "✔️ Noted."),
    "upd.button.status": ("🏠 Status keluarga…", "🏠 Family status…"),
    "upd.button.phone": ("📞 Telepon", "📞 Phone"),
    "upd.button.address": ("📍 Alamat", "📍 Address"),
    "upd.button.members": ("👪 Jumlah anggota", "👪 Members"),
    "upd.button.components": ("🧒 Komponen…", "🧒 Components…"),
    "upd.button.note": ("🗒 Catatan", "🗒 Note"),
    "upd.button.send": ("✅ Kirim ({count})", "✅ Send ({count})"),
    "upd.button.cancel": ("✖ Batal", "✖ Cancel"),
    "upd.button.back": ("↩ Kembali", "↩ Back"),
    "upd.button.nearby": ("Masih di wilayah dampingan saya", "Still in my area"),
    "upd.button.away": ("Pindah ke luar wilayah", "Moved out of the area"),
    "upd.button.skip_location": ("Lewati (tanpa lokasi)", "Skip (no location)"),
    "upd.button.heir": ("Ada kepala keluarga baru", "There is a new head"),
    "upd.button.no_heir": ("Tidak ada penerus", "No successor"),
    "upd.button.same_kk": ("No. KK tetap sama", "KK number unchanged"),
    "upd.ask.phone": (
        "Ketik nomor telepon keluarga, misalnya 0812 3456 7890, atau kirim kontaknya.",
        "Type the family's phone number, e.g. 0812 3456 7890, or send their contact.",
    ),
    "upd.ask.address": (
        "Ketik alamat keluarga yang benar (kampung/jalan, RT/RW).",
        "Type the family's correct address (street, RT/RW).",
    ),
    "upd.ask.count": (
        "Berapa <b>{label}</b> dalam keluarga ini sekarang? Ketik angka 0–{limit}.",
        "How many <b>{label}</b> does this family have now? Type a number 0–{limit}.",
    ),
    "upd.ask.note": (
        "Tulis catatan untuk admin tentang keluarga ini (paling banyak {limit} huruf).",
        "Write a note to the admins about this family (at most {limit} characters).",
    ),
    "upd.ask.moved_address": (
        "Ke mana keluarga pindah? Ketik alamat barunya (kampung/jalan, desa, kecamatan).",
        "Where did the family move to? Type the new address (street, village, district).",
    ),
    "upd.ask.moved_away": (
        "Apakah alamat baru masih di wilayah dampingan Anda?",
        "Is the new address still in your area?",
    ),
    "upd.ask.moved_location": (
        "Bila Anda ada di rumah barunya, bagikan <b>lokasi langsung</b> (📎 → Lokasi → Bagikan lokasi "
        "langsung) agar titik rumahnya ikut diperbarui. Bila tidak, tekan Lewati.",
        "If you are at the new home, share a <b>live location</b> (📎 → Location → Share live location) so "
        "that the home's point is updated too. Otherwise press Skip.",
    ),
    "upd.ask.successor": ("Apakah ada kepala keluarga pengganti?", "Is there a new head of household?"),
    "upd.ask.successor_name": ("Ketik nama kepala keluarga yang baru.", "Type the new head of household's name."),
    "upd.ask.successor_nik": (
        "Ketik NIK kepala keluarga yang baru (16 angka).",
        "Type the new head of household's NIK (16 digits).",
    ),
    "upd.ask.successor_kk": (
        "Bila No. KK berubah, ketik No. KK yang baru (16 angka, diawali {province}). Bila tidak, tekan "
        "No. KK tetap sama.",
        "If the KK number changed, type the new one (16 digits, starting with {province}). Otherwise press "
        "KK number unchanged.",
    ),
    "upd.ask.graduated_reason": (
        "Mengapa keluarga ini sudah mampu? Tulis singkat, misalnya: suami bekerja tetap di pabrik.",
        "Why does this family no longer need assistance? Write briefly, e.g. the husband has a steady job.",
    ),
    "upd.hint.choose": (
        "Pilih yang berubah dengan tombol di pesan ini, lalu ✅ Kirim. /batal membatalkan usulan.",
        "Choose what changed with the buttons of this message, then ✅ Send. /batal cancels the proposal.",
    ),
    "upd.hint.typed": (
        "Langkah ini menunggu jawaban berupa pesan teks biasa (bukan stiker, foto, pesan terusan atau "
        "pesan yang diedit). ↩ Kembali ke daftar perubahan; /batal membatalkan usulan.",
        "This step waits for a plain text message (not a sticker, photo, forwarded or edited message). "
        "↩ Back returns to the list of changes; /batal cancels the proposal.",
    ),
    "upd.hint.buttons": (
        "Jawab dengan salah satu tombol. ↩ Kembali ke daftar perubahan; /batal membatalkan usulan.",
        "Answer with one of the buttons. ↩ Back returns to the list of changes; /batal cancels the proposal.",
    ),
    "upd.hint.location": (
        "Langkah ini menunggu lokasi langsung dari rumah baru (📎 → Lokasi → Bagikan lokasi langsung), atau "
        "tombol Lewati. Titik yang dipilih di peta atau diteruskan tidak membuktikan apa pun. /batal "
        "membatalkan usulan.",
        "This step waits for a live location from the new home (📎 → Location → Share live location), or the "
        "Skip button. A point picked on the map or forwarded proves nothing. /batal cancels the proposal.",
    ),
    "upd.invalid": ("{reason}. Coba lagi.", "{reason}. Try again."),
    "upd.location_outside": (
        "Lokasi ini di luar Provinsi {province_name}; bagikan lokasi langsung dari rumah barunya, atau tekan Lewati.",
        "This location is outside {province_name} province; share a live location from the new home, or press Skip.",
    ),
    "upd.nothing": ("Belum ada perubahan yang dicatat.", "No change noted yet."),
    "upd.sent": (
        "✅ Terkirim: {count} usulan perubahan untuk KPM {name}. Admin akan memeriksanya; Anda diberi tahu "
        "hasilnya.{replaced}",
        "✅ Sent: {count:proposed change|proposed changes} for household {name}. An admin will check them; you "
        "will be told the outcome.{replaced}",
    ),
    "upd.sent.replaced": (
        " Usulan Anda sebelumnya untuk kolom yang sama diganti yang ini.",
        " Your earlier proposals for the same fields are replaced by these.",
    ),
    "upd.refused": (
        "{field} tidak dapat dikirim: {reason}. Perubahan itu dikeluarkan dari daftar; isi lagi bila perlu.",
        "{field} cannot be sent: {reason}. That change is taken off the list; fill it in again if needed.",
    ),
    "upd.cancelled": (
        "Usulan perubahan dibatalkan; tidak ada yang dikirim.",
        "Proposal cancelled; nothing was sent.",
    ),
    "upd.expired": (
        "Usulan perubahan dibatalkan karena {minutes} menit tanpa langkah; tidak ada yang dikirim.",
        "Proposal cancelled after {minutes:minute|minutes} without a step; nothing was sent.",
    ),
    "upd.stale_button": ("Tombol ini sudah tidak berlaku.", "This button no longer applies."),
    "upd.not_yours": (
        "KPM ini tidak (lagi) Anda dampingi, jadi perubahannya tidak bisa Anda usulkan.",
        "You do not (or no longer) accompany this household, so you cannot propose changes for it.",
    ),
    "upd.offer": (
        "Ada perubahan data keluarga {name}? Misalnya pindah, kepala keluarga meninggal, sudah mampu, tidak "
        "ditemukan, menolak, nomor telepon atau jumlah anggota.",
        "Has anything changed for the family {name}? For example moved, head deceased, no longer needs "
        "assistance, not found, refuses, phone number or members.",
    ),
    "upd.button.offer": ("📝 Laporkan perubahan", "📝 Report changes"),
    "upd.button.no_change": ("Tidak ada", "No changes"),
    "upd.offer_skipped": ("Baik, tidak ada perubahan.", "Fine, no changes."),
    "upd.button.card": ("📝 Laporkan perubahan data", "📝 Report changed data"),
    # Their review
    "upd.review.header": (
        "📝 <b>{count} usulan perubahan data KPM</b> dari pendamping. Yang disetujui langsung masuk data KPM "
        "(tercatat di log audit); yang ditolak diberitahukan alasannya kepada pendamping.",
        "📝 <b>{count:proposed change|proposed changes}</b> of household data from companions. Approved ones "
        "enter the register at once (audited); the companion is told why one is rejected.",
    ),
    "upd.review.entry": (
        "<b>#{id}</b> · {household} ({dtks_id}), {desa}\n{field}: <b>{value}</b>\nOleh {companion}, {time} · {evidence}",
        "<b>#{id}</b> · {household} ({dtks_id}), {desa}\n{field}: <b>{value}</b>\nBy {companion}, {time} · {evidence}",
    ),
    "upd.review.evidence_visit": (
        "laporan #{visit} ({verdict}, {distance})",
        "report #{visit} ({verdict}, {distance})",
    ),
    "upd.review.evidence_none": (
        "tanpa laporan kunjungan (dari kartu KPM)",
        "no visit report (from the household card)",
    ),
    "upd.review.button.approve": ("✅ Setujui #{id}", "✅ Approve #{id}"),
    "upd.review.button.reject": ("❌ Tolak #{id}", "❌ Reject #{id}"),
    "upd.review.approved": (
        "✅ Usulan #{id} disetujui: {field} KPM {household} diperbarui.",
        "✅ Proposal #{id} approved: {field} of household {household} updated.",
    ),
    "upd.review.ask_reason": (
        "Tulis alasan penolakan usulan #{id} ({field}: {value}) di pesan berikutnya; pendamping akan "
        "membacanya. /batal bila tidak jadi menolak.",
        "Write why proposal #{id} ({field}: {value}) is rejected in your next message; the companion will "
        "read it. /batal if you do not reject it after all.",
    ),
    "upd.review.reason_hint": (
        "Tulis alasan penolakan usulan #{id} sebagai pesan teks biasa (paling banyak {limit} huruf); stiker, "
        "foto, pesan terusan atau pesan yang diedit tidak dihitung. /batal bila tidak jadi menolak.",
        "Write the reason proposal #{id} is rejected as a plain text message (at most {limit} characters); "
        "stickers, photos, forwarded or edited messages do not count. /batal if you do not reject it after all.",
    ),
    "upd.review.rejected": (
        "Usulan #{id} ditolak; pendamping diberi tahu alasannya.",
        "Proposal #{id} rejected; the companion is told why.",
    ),
    "upd.review.cancelled": (
        "Penolakan dibatalkan; usulan #{id} masih menunggu keputusan.",
        "Rejection cancelled; proposal #{id} still waits for a decision.",
    ),
    "upd.review.prompt_expired": (
        "Permintaan alasan ini sudah kedaluwarsa. Tekan lagi tombol Tolak bila masih ingin menolak usulan itu.",
        "This request for a reason has expired. Press Reject again if you still want to reject that proposal.",
    ),
    "upd.review.not_found": (
        "Usulan ini tidak ada atau bukan wewenang Anda.",
        "This proposal does not exist or is not yours to decide.",
    ),
    "upd.review.already": (
        "Usulan #{id} sudah {status} oleh {name}.",
        "Proposal #{id} was already {status} by {name}.",
    ),
    "upd.review.replaced": (
        "Usulan #{id} sudah diganti usulan #{newer} yang lebih baru dari pendamping.",
        "Proposal #{id} was replaced by the companion's later proposal #{newer}.",
    ),
    "upd.review.state.approved": ("disetujui", "approved"),
    "upd.review.state.rejected": ("ditolak", "rejected"),
    "upd.notice.approved": (
        "✅ Usulan perubahan #{id} untuk KPM {household} disetujui: {field}: {value}.",
        "✅ Proposed change #{id} for household {household} approved: {field}: {value}.",
    ),
    "upd.notice.rejected": (
        "❌ Usulan perubahan #{id} untuk KPM {household} ({field}: {value}) ditolak. Alasan: {reason}",
        "❌ Proposed change #{id} for household {household} ({field}: {value}) was rejected. Reason: {reason}",
    ),
    "upd.not_found_again": (
        "⚠️ <b>KPM tidak ditemukan {count} kali</b>: {household} ({dtks_id}), {desa}. Laporan pertama {first}, "
        "terakhir {last} oleh {companion}. Periksa bersama pendampingnya; usulan statusnya menunggu keputusan.",
        "⚠️ <b>Household not found {count:time|times}</b>: {household} ({dtks_id}), {desa}. First report {first}, "
        "latest {last} by {companion}. Check with the companion; the proposed status waits for a decision.",
    ),
    "delivery.job.field_update": ("usulan perubahan data KPM", "proposed household changes"),
    "delivery.job.field_update_notice": ("keputusan usulan perubahan", "decisions on proposed changes"),
    "delivery.job.not_found": ("KPM tidak ditemukan", "households not found"),
    # The household card: status and field profile
    "upd.card.status": ("\nStatus: <b>{status}</b>", "\nStatus: <b>{status}</b>"),
    "upd.card.profile": (
        "\nTelepon: {phone}\nAnggota keluarga: {members} · balita {under_five} · SD {school_sd} · SMP {school_smp}"
        " · SMA {school_sma} · ibu hamil {pregnant} · lansia {elderly} · disabilitas {disabled}",
        "\nPhone: {phone}\nMembers: {members} · under five {under_five} · primary {school_sd} · junior high "
        "{school_smp} · senior high {school_sma} · pregnant {pregnant} · elderly {elderly} · disabled {disabled}",
    ),
    "upd.card.note": ("\nCatatan lapangan: {note}", "\nField note: {note}"),
    "upd.card.pending": (
        "\nUsulan perubahan menunggu keputusan: {count}",
        "\nProposed changes waiting for a decision: {count}",
    ),
    # The map: households out of the programme
    "map.legend.left": (
        "keluar program (pindah, mampu, meninggal tanpa penerus)",
        "out of the programme (moved, graduated, deceased without successor)",
    ),
    "map.household_status": (" · status: {status}", " · status: {status}"),
    # Export of approved changes (DTKS reconciliation)
    "upd.export.ready": (
        "📄 Perubahan data KPM yang disetujui {period}: {count} perubahan.",
        "📄 Approved household changes {period}: {count:change|changes}.",
    ),
    "upd.export.file_name": ("perubahan-kpm-{first}-{last}", "household-changes-{first}-{last}"),
    "upd.export.col.update_id": ("No. usulan", "Proposal no."),
    "upd.export.col.decided_at": ("Disetujui ({zone})", "Approved ({zone})"),
    "upd.export.col.dtks_id": ("ID DTKS", "DTKS id"),
    "upd.export.col.kk_number": ("No. KK", "Family card no."),
    "upd.export.col.head_nik": ("NIK kepala keluarga", "Head's NIK"),
    "upd.export.col.head_name": ("Kepala keluarga", "Head of household"),
    "upd.export.col.region": ("Wilayah", "Region"),
    "upd.export.col.kecamatan": ("Kecamatan", "District"),
    "upd.export.col.desa": ("Desa/kelurahan", "Village"),
    "upd.export.col.field": ("Data", "Field"),
    "upd.export.col.old_value": ("Sebelumnya", "Before"),
    "upd.export.col.value": ("Menjadi", "After"),
    "upd.export.col.proposer": ("Diusulkan oleh", "Proposed by"),
    "upd.export.col.proposed_at": ("Diusulkan ({zone})", "Proposed ({zone})"),
    "upd.export.col.visit_id": ("No. laporan kunjungan", "Visit report no."),
    "upd.export.col.verdict": ("Hasil pemeriksaan lokasi", "Location check"),
    "upd.export.col.reviewer": ("Disetujui oleh", "Approved by"),
    "upd.old.in_programme": ("dalam program", "in the programme"),
    "upd.old.head": ("kepala keluarga {name}, NIK {nik}", "head {name}, NIK {nik}"),
    "upd.old.kk": ("No. KK {kk}", "KK number {kk}"),
    "upd.old.position": ("titik {position}", "point {position}"),
    # ── Programme follow-up ─────────────────────────────────────────────
    "followup.title": (
        "🔁 <b>Tindak lanjut program</b> — {scope}\n{count} KPM dengan syarat program yang bermasalah pada "
        "{visits} kunjungan terakhir berturut-turut atau lebih:",
        "🔁 <b>Programme follow-up</b> — {scope}\n{count:household|households} where a programme condition was "
        "a problem in the last {visits:visit|visits} in a row or more:",
    ),
    "followup.none": (
        "🔁 Tidak ada KPM yang perlu tindak lanjut program di {scope} saat ini: tidak ada syarat yang bermasalah "
        "pada {visits} kunjungan terakhir berturut-turut.",
        "🔁 No household of {scope} needs programme follow-up now: no condition was a problem in the last "
        "{visits:visit|visits} in a row.",
    ),
    "followup.line": (
        "• {name} ({dtks_id}, {desa}) — {conditions} · {companion}",
        "• {name} ({dtks_id}, {desa}) — {conditions} · {companion}",
    ),
    "followup.condition": ("{condition} {streak}× (terakhir {date})", "{condition} {streak}× (last {date})"),
    "digest.followup": (
        "🔁 Tindak lanjut program: {count} KPM dengan syarat bermasalah {visits} kunjungan berturut-turut",
        "🔁 Programme follow-up: {count:household|households} with a condition a problem {visits:visit|visits} in a row",
    ),
    "digest.followup_none": (
        "🔁 Tindak lanjut program: tidak ada KPM",
        "🔁 Programme follow-up: no household",
    ),
    "digest.followup_line": ("  – {name} ({desa}): {conditions}", "  – {name} ({desa}): {conditions}"),
    "digest.followup_more": (
        "  …dan {count} KPM lainnya (lembar Tindak lanjut, atau /tindaklanjut)",
        "  …and {count} more (the Follow-up sheet, or /tindaklanjut)",
    ),
    "digest.followup_condition": ("{condition} {streak}×", "{condition} {streak}×"),
    "digest.sheet.followup": ("Tindak lanjut", "Follow-up"),
    "digest.col.condition": ("Syarat bermasalah", "Condition with a problem"),
    "digest.col.streak": ("Kunjungan berturut-turut", "Visits in a row"),
    "reminder.followup_header": (
        "🔁 <b>Perlu tindak lanjut</b> (syarat bermasalah berturut-turut):",
        "🔁 <b>Needs follow-up</b> (a condition a problem visit after visit):",
    ),
    "reminder.followup_line": ("• {name} ({desa}): {conditions}", "• {name} ({desa}): {conditions}"),
    "reminder.followup_more": ("…dan {count} KPM lainnya.", "…and {count} more households."),
    "report.followup": (
        "🔁 Kunjungan terakhir: <b>{condition}</b> ⚠️ ada masalah, {streak} kunjungan berturut-turut. Periksa "
        "lagi hari ini.",
        "🔁 Last visit: <b>{condition}</b> ⚠️ problem, {streak} visits in a row. Check it again today.",
    ),
}
