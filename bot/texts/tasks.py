"""Tasks and announcements: what companions receive (the task, its notices, ✅ Siap), /tugassaya,
and the office's /tugas (the list, a task's detail, the journey that gives or changes one).

Each text in Bahasa Indonesia first, English second; `bot.texts` joins the features."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "task.kind.task": ("Tugas", "Task"),
    "task.kind.announcement": ("Pengumuman", "Announcement"),
    "task.header": ("📋 <b>{kind} #{id}</b> dari {creator}", "📋 <b>{kind} #{id}</b> from {creator}"),
    "task.text": ("{text}", "{text}"),  # the creator's own words, escaped
    "task.due": ("Tenggat: <b>{due}</b>", "Due: <b>{due}</b>"),
    "task.urgent": ("⚡ <b>Mendesak</b>", "⚡ <b>Urgent</b>"),
    "task.your_households": (
        "<b>KPM Anda dalam tugas ini ({count}):</b>",
        "<b>Your households in this task ({count}):</b>",
    ),
    "task.household_line": ("• {name} ({desa}) · {dtks}", "• {name} ({desa}) · {dtks}"),
    "task.more_households": ("…dan {count} KPM lainnya (lihat /tugassaya).", "…and {count} more (see /tugassaya)."),
    "task.none_left": (
        "Semua KPM Anda dalam tugas ini sudah dilaporkan.",
        "All your households in this task are reported.",
    ),
    "task.ack_hint": (
        "Tekan ✅ Siap setelah membaca. Setiap KPM dihitung selesai setelah laporan kunjungannya terkirim.",
        "Press ✅ Siap once you have read it. Each household counts as done once its visit report is sent.",
    ),
    "task.ack_hint_announcement": ("Tekan ✅ Siap setelah membaca.", "Press ✅ Siap once you have read it."),
    "task.button.ack": ("✅ Siap", "✅ Siap (got it)"),
    "task.attachment": ("📎 Lampiran {kind} #{id}", "📎 Attachment of {kind} #{id}"),
    "task.edited": (
        "✏️ <b>{kind} #{id} diubah</b> ({changed}). Isinya sekarang:",
        "✏️ <b>{kind} #{id} was changed</b> ({changed}). It now reads:",
    ),
    "task.changed.text": ("teks", "text"),
    "task.changed.due": ("tenggat", "due date"),
    "task.no_due": ("tanpa tenggat", "no due date"),
    "task.withdrawn": (
        "🗑 <b>{kind} #{id} ditarik</b>: tidak perlu dikerjakan lagi.",
        "🗑 <b>{kind} #{id} was withdrawn</b>: nothing more to do for it.",
    ),
    "task.ack_reminder": (
        "⏰ Anda belum menekan ✅ Siap untuk {kind} #{id}. Isinya sekali lagi:",
        "⏰ You have not pressed ✅ Siap for {kind} #{id} yet. Here it is again:",
    ),
    "task.overdue": (
        "⌛ <b>{kind} #{id}</b> melewati tenggatnya ({due}).",
        "⌛ <b>{kind} #{id}</b> is past its due date ({due}).",
    ),
    "task.overdue_households": (
        "{count} KPM Anda belum dilaporkan:",
        "{count:household of yours is|households of yours are} not reported yet:",
    ),
    "task.overdue_ack": ("Tekan ✅ Siap bila sudah membacanya.", "Press ✅ Siap once you have read it."),
    "task.blocked": (
        "⚠️ {kind} #{id} tidak sampai ke {count} pendamping karena mereka memblokir bot:",
        "⚠️ {kind} #{id} did not reach {count:companion|companions} because they blocked the bot:",
    ),
    "task.acknowledged": ("Terima kasih, tercatat siap.", "Thank you, recorded."),
    "task.already_acknowledged": ("Sudah tercatat siap sebelumnya.", "Already recorded."),
    "task.closed": ("{kind} #{id} sudah ditarik.", "{kind} #{id} was withdrawn."),
    "task.acknowledged_mark": ("✅ Siap tercatat", "✅ Recorded"),
    # /tugassaya
    "task.mine.empty": ("Anda tidak punya tugas yang terbuka.", "You have no open tasks."),
    "task.mine.header": (
        "📋 <b>Tugas Anda yang terbuka ({count})</b>, tenggat terdekat dulu:",
        "📋 <b>Your open tasks ({count})</b>, nearest due date first:",
    ),
    "task.mine.line": ("<b>#{id}</b> {summary}\n   {due} · {state}", "<b>#{id}</b> {summary}\n   {due} · {state}"),
    "task.mine.left": ("{count} KPM belum dilaporkan", "{count:household|households} to report"),
    "task.mine.all_done": ("KPM selesai", "households done"),
    "task.mine.acknowledged": ("✅ siap", "✅ acknowledged"),
    "task.mine.not_acknowledged": ("belum ✅ Siap", "✅ Siap not pressed"),
    "task.mine.overdue": ("⌛ terlambat", "⌛ overdue"),
    "task.mine.button": ("✅ Siap #{id}", "✅ Siap #{id}"),
    # /tugas: the office's list and detail
    "task.list.empty": ("Belum ada tugas yang terbuka di wilayah Anda.", "No open tasks in your regions."),
    "task.list.header": ("📋 <b>Tugas yang terbuka ({count})</b>:", "📋 <b>Open tasks ({count})</b>:"),
    "task.list.line": (
        "<b>#{id}</b> {summary}\n   {due} · siap {acknowledged}/{recipients}{households}{overdue}",
        "<b>#{id}</b> {summary}\n   {due} · acknowledged {acknowledged}/{recipients}{households}{overdue}",
    ),
    "task.list.households": (" · KPM {done}/{total}", " · households {done}/{total}"),
    "task.list.overdue": (" · ⌛ terlambat", " · ⌛ overdue"),
    "task.list.more": (
        "…dan {count} tugas lainnya: /tugas &lt;nomor&gt; untuk rinciannya.",
        "…and {count} more: /tugas &lt;number&gt; for the detail.",
    ),
    "task.list.hint": (
        "Tekan nomor tugas untuk rinciannya, atau buat yang baru.",
        "Press a task's number for its detail, or make a new one.",
    ),
    "task.button.new": ("➕ Tugas baru", "➕ New task"),
    "task.button.detail": ("#{id}", "#{id}"),
    "task.usage": (
        "Gunakan: /tugas (daftar), /tugas baru, atau /tugas &lt;nomor&gt; untuk rincian satu tugas.",
        "Use: /tugas (the list), /tugas baru (new), or /tugas &lt;number&gt; for one task's detail.",
    ),
    "task.unknown": ("Tugas #{id} tidak ada di wilayah Anda.", "Task #{id} is not in your regions."),
    "task.detail.header": (
        "{kind} #{id} · dibuat {created} oleh {creator}",
        "{kind} #{id} · made {created} by {creator}",
    ),
    "task.detail.progress": (
        "Siap: <b>{acknowledged}/{recipients}</b> pendamping",
        "Acknowledged: <b>{acknowledged}/{recipients}</b> companions",
    ),
    "task.detail.households": ("KPM selesai: <b>{done}/{total}</b>", "Households done: <b>{done}/{total}</b>"),
    "task.detail.overdue": ("⌛ <b>Terlambat</b>", "⌛ <b>Overdue</b>"),
    "task.detail.not_acknowledged": (
        "<b>Belum ✅ Siap ({count}):</b> {names}",
        "<b>Not acknowledged ({count}):</b> {names}",
    ),
    "task.detail.left_header": (
        "<b>KPM yang belum dilaporkan ({count}):</b>",
        "<b>Households not reported yet ({count}):</b>",
    ),
    "task.detail.left_line": ("• {name} ({desa}) · {dtks} · {companion}", "• {name} ({desa}) · {dtks} · {companion}"),
    "task.detail.no_companion": ("tanpa pendamping", "no companion"),
    "task.detail.more": ("…dan {count} lainnya.", "…and {count} more."),
    "task.detail.more_names": (" dan {count} lainnya", " and {count} more"),
    "task.button.edit_text": ("✏️ Ubah teks", "✏️ Change the text"),
    "task.button.edit_due": ("📅 Ubah tenggat", "📅 Change the due date"),
    "task.button.withdraw": ("🗑 Tarik", "🗑 Withdraw"),
    "task.withdraw.ask": (
        "Tarik {kind} #{id}? Pendamping yang sudah menerimanya diberi tahu sekali; tidak ada lagi yang dikirim.",
        "Withdraw {kind} #{id}? Companions who received it are told once; nothing more of it is sent.",
    ),
    "task.button.withdraw_yes": ("Ya, tarik #{id}", "Yes, withdraw #{id}"),
    "task.withdraw.done": (
        "🗑 {kind} #{id} ditarik. Penerimanya diberi tahu.",
        "🗑 {kind} #{id} withdrawn. Its recipients are told.",
    ),
    "task.edit.done": (
        "✏️ {kind} #{id} diubah ({changed}). Penerimanya diberi tahu sekali.",
        "✏️ {kind} #{id} changed ({changed}). Its recipients are told once.",
    ),
    "task.edit.nothing": ("Tidak ada yang berubah.", "Nothing changed."),
    # /tugas: the journey that gives a task, or changes one
    "task.ask_text": (
        "📝 Tulis teks tugas atau pengumuman untuk pendamping. Boleh dengan foto atau berkas (misalnya "
        "surat edaran PDF): kirim foto/berkasnya dengan teks sebagai keterangan, atau teksnya sesudahnya. "
        "/batal untuk membatalkan.",
        "📝 Write the text of the task or announcement for the companions. A photo or a file (e.g. a "
        "circular letter as PDF) may come with it: send it with the text as its caption, or the text after it. "
        "/batal cancels.",
    ),
    "task.attachment_kept": (
        "📎 Lampiran disimpan. Sekarang tulis teks tugasnya.",
        "📎 Attachment kept. Now write the text of the task.",
    ),
    "task.hint.text": (
        "Langkah ini menunggu teks tugasnya: pesan teks, atau foto/berkas dengan keterangan.",
        "This step waits for the task's text: a text message, or a photo/file with a caption.",
    ),
    "task.text_too_long": (
        "Teks terlalu panjang: paling banyak {limit} karakter. Kirim teks yang lebih pendek.",
        "The text is too long: at most {limit} characters. Send a shorter one.",
    ),
    "task.ask_audience": ("👥 Untuk siapa?", "👥 For whom?"),
    "task.audience.scope": ("👥 Semua pendamping di wilayah Anda", "👥 Every companion in your regions"),
    "task.audience.region": ("🏙 Pendamping satu kabupaten/kota", "🏙 The companions of one regency/city"),
    "task.audience.people": ("👤 Pendamping tertentu", "👤 Particular companions"),
    "task.audience.households": ("🏠 Pendamping dari KPM yang saya daftar", "🏠 The companions of households I list"),
    "task.hint.buttons": (
        "Langkah ini menunggu pilihan dari tombol. /batal untuk membatalkan.",
        "This step waits for a button to be pressed. /batal cancels.",
    ),
    "task.ask_region": ("🏙 Pilih kabupaten/kota:", "🏙 Pick the regency/city:"),
    "task.ask_people": (
        "👤 Kirim nomor pendamping, dipisah koma atau spasi (misalnya <code>{example}</code>). "
        "Pendamping di wilayah Anda:\n{people}",
        "👤 Send the companions' numbers, separated by commas or spaces (e.g. <code>{example}</code>). "
        "Companions in your regions:\n{people}",
    ),
    "task.people_line": ("{id} — {name} ({region})", "{id} — {name} ({region})"),
    "task.hint.people": (
        "Langkah ini menunggu nomor pendamping dari daftar, dipisah koma atau spasi.",
        "This step waits for companions' numbers from the list, separated by commas or spaces.",
    ),
    "task.people_refused": (
        "Bukan pendamping aktif di wilayah Anda: {numbers}. Kirim lagi daftar nomornya.",
        "Not active companions in your regions: {numbers}. Send the list of numbers again.",
    ),
    "task.ask_households": (
        "🏠 Kirim ID DTKS KPM yang harus dikunjungi (dipisah spasi, koma atau baris baru), atau berkas "
        "CSV/XLSX dengan kolom <code>id_dtks</code>.",
        "🏠 Send the DTKS ids of the households to visit (separated by spaces, commas or new lines), or a "
        "CSV/XLSX file with an <code>id_dtks</code> column.",
    ),
    "task.ask_households_or_skip": (
        "🏠 Kirim ID DTKS KPM yang harus dikunjungi (dipisah spasi, koma atau baris baru), atau berkas "
        "CSV/XLSX dengan kolom <code>id_dtks</code>. Tekan <b>Lewati</b> bila ini pengumuman tanpa KPM.",
        "🏠 Send the DTKS ids of the households to visit (separated by spaces, commas or new lines), or a "
        "CSV/XLSX file with an <code>id_dtks</code> column. Press <b>Skip</b> for an announcement without households.",
    ),
    "task.button.skip": ("Lewati (tanpa KPM)", "Skip (no households)"),
    "task.hint.households": (
        "Langkah ini menunggu ID DTKS (pesan teks) atau berkas CSV/XLSX dengan kolom id_dtks.",
        "This step waits for DTKS ids (a text message) or a CSV/XLSX file with an id_dtks column.",
    ),
    "task.households_kept": ("✅ {count} KPM diterima.", "✅ {count:household|households} taken."),
    "task.households_unknown": (
        "Tidak terdaftar atau nonaktif ({count}): {ids}",
        "Not registered or deactivated ({count}): {ids}",
    ),
    "task.households_outside": ("Di luar wilayah Anda ({count}): {ids}", "Outside your regions ({count}): {ids}"),
    "task.households_none": (
        "Tidak ada KPM yang bisa dipakai. Kirim lagi ID DTKS atau berkasnya.",
        "No household could be taken. Send the DTKS ids or the file again.",
    ),
    "task.too_many_households": (
        "Paling banyak {limit} KPM dalam satu tugas. Bagi menjadi beberapa tugas.",
        "At most {limit} households in one task. Split it into several tasks.",
    ),
    "task.file_failed": (
        "Berkas tidak bisa diunduh dari Telegram. Kirim lagi sebentar lagi.",
        "The file could not be downloaded from Telegram. Send it again in a moment.",
    ),
    "task.file_too_large": (
        "Berkas terlalu besar ({size} MB; paling besar {limit} MB).",
        "The file is too large ({size} MB; at most {limit} MB).",
    ),
    "task.ask_due": (
        "📅 Kirim tanggal tenggat (misalnya <code>{example}</code>), atau tekan <b>Tanpa tenggat</b>.",
        "📅 Send the due date (e.g. <code>{example}</code>), or press <b>No due date</b>.",
    ),
    "task.button.no_due": ("Tanpa tenggat", "No due date"),
    "task.hint.due": (
        "Langkah ini menunggu tanggal seperti <code>{example}</code> (hari/bulan/tahun) atau tombol di atas.",
        "This step waits for a date like <code>{example}</code> (day/month/year) or the button above.",
    ),
    "task.due_bad": (
        "Tanggal tidak terbaca. Tulis seperti <code>{example}</code> (hari/bulan/tahun) atau 2025-11-28.",
        "The date cannot be read. Write it like <code>{example}</code> (day/month/year) or 2025-11-28.",
    ),
    "task.due_past": (
        "Tanggal {due} sudah lewat. Kirim tanggal hari ini atau sesudahnya.",
        "{due} is over. Send today's date or a later one.",
    ),
    "task.preview": (
        "👀 <b>Pratinjau {kind}</b>\n\n{text}\n\nPenerima: <b>{recipients}</b> pendamping ({audience})\n"
        "KPM: <b>{households}</b>\nTenggat: {due}\nLampiran: {attachment}\nMendesak: {urgent}\n\n"
        "Tekan 📤 <b>Kirim</b> untuk mengirimnya.",
        "👀 <b>Preview of the {kind}</b>\n\n{text}\n\nRecipients: <b>{recipients}</b> companions ({audience})\n"
        "Households: <b>{households}</b>\nDue: {due}\nAttachment: {attachment}\nUrgent: {urgent}\n\n"
        "Press 📤 <b>Kirim</b> to send it.",
    ),
    "task.preview_region": ("{audience}: {region}", "{audience}: {region}"),
    "task.yes": ("ya", "yes"),
    "task.no": ("tidak", "no"),
    "task.urgent_note": (
        "ya (juga dikirim pada jam tenang)",
        "yes (also sent in the quiet hours)",
    ),
    "task.hint.confirm": (
        "Langkah ini menunggu tombol: 📤 Kirim, ⚡ Mendesak, atau ✖ Batal.",
        "This step waits for a button: 📤 Kirim (send), ⚡ urgent, or ✖ cancel.",
    ),
    "task.button.send": ("📤 Kirim", "📤 Kirim (send)"),
    "task.button.urgent_off": ("⚡ Tandai mendesak", "⚡ Mark urgent"),
    "task.button.urgent_on": ("⚡ Mendesak ✓", "⚡ Urgent ✓"),
    "task.button.cancel": ("✖ Batal", "✖ Cancel"),
    "task.no_recipients": (
        "Tidak ada pendamping aktif yang akan menerimanya, jadi tidak ada yang dikirim. Pilih penerima lain.",
        "No active companion would receive it, so nothing is sent. Pick other recipients.",
    ),
    "task.region_not_covered": (
        "Kabupaten/kota itu di luar wilayah Anda.",
        "That regency/city is outside your regions.",
    ),
    "task.created": (
        "📤 {kind} #{id} disimpan dan sedang dikirim ke {recipients} pendamping. "
        "Lihat perkembangannya dengan /tugas {id}.",
        "📤 {kind} #{id} is stored and going out to {recipients:companion|companions}. "
        "See how it goes with /tugas {id}.",
    ),
    "task.cancelled": ("Dibatalkan. Tidak ada yang dikirim.", "Cancelled. Nothing was sent."),
    "task.expired": (
        "Tugas yang sedang Anda tulis dibatalkan karena tidak ada langkah selama {minutes} menit. "
        "Mulai lagi dengan /tugas baru.",
        "The task you were writing was cancelled after {minutes:minute|minutes} without a step. "
        "Start again with /tugas baru.",
    ),
    "task.stale_button": ("Tombol ini bukan untuk langkah ini.", "This button is not for this step."),
    "task.ask_new_text": (
        "✏️ Kirim teks baru untuk {kind} #{id}. Teks sekarang:\n\n{text}",
        "✏️ Send the new text of {kind} #{id}. It now reads:\n\n{text}",
    ),
    "task.hint.edit_text": (
        "Langkah ini menunggu teks barunya sebagai pesan teks. /batal untuk membatalkan.",
        "This step waits for the new text as a text message. /batal cancels.",
    ),
    "task.ask_new_due": (
        "📅 Kirim tenggat baru untuk {kind} #{id} (sekarang: {due}; misalnya <code>{example}</code>), "
        "atau tekan <b>Tanpa tenggat</b>.",
        "📅 Send the new due date of {kind} #{id} (now: {due}; e.g. <code>{example}</code>), "
        "or press <b>No due date</b>.",
    ),
}
