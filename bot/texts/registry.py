"""The register: invitations, people, households (/kpm, /kpmbaru) and spreadsheet imports.

Each text in Bahasa Indonesia first, English second; `bot.texts` joins the features."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "reg.region_line": ("{name} ({code})", "{name} ({code})"),
    # Invitations
    "reg.invite.usage": (
        "Cara pakai: /undang &lt;peran&gt; &lt;kode wilayah&gt; [nama]\n"
        "Peran: admin, koordinator, pendamping. Wilayah: {province_code} (seluruh provinsi) atau kode "
        "kabupaten/kota {first_region}…{last_region}.\nContoh: /undang pendamping {example_region} Siti Aminah",
        "Usage: /undang &lt;role&gt; &lt;region code&gt; [name]\n"
        "Roles: admin, koordinator (coordinator), pendamping (companion). Region: {province_code} (the whole "
        "province) or a kabupaten/kota code {first_region}…{last_region}.\nExample: /undang pendamping {example_region} Siti Aminah",
    ),
    "reg.invite.bad_region": (
        "Kode wilayah {code} tidak dikenal. Pakai {province_code} atau salah satu dari: {codes}.",
        "Region code {code} is unknown. Use {province_code} or one of: {codes}.",
    ),
    "reg.invite.companion_region": (
        "Pendamping bertugas di satu kabupaten/kota: pakai kode {first_region}…{last_region}, bukan {province_code}.",
        "A companion works in one kabupaten/kota: use a code {first_region}…{last_region}, not {province_code}.",
    ),
    "reg.invite.created": (
        "Undangan #{id}: <b>{role}</b>, {region}{name}.\n"
        "Kirim tautan ini hanya kepada orang tersebut. Berlaku sekali, sampai {expires}:\n{link}\n"
        "Batalkan dengan /cabut {id}.",
        "Invitation #{id}: <b>{role}</b>, {region}{name}.\n"
        "Send this link to that person only. It works once, until {expires}:\n{link}\n"
        "Revoke it with /cabut {id}.",
    ),
    "reg.invite.for_name": (", untuk {name}", ", for {name}"),
    "reg.invite.list_header": ("Undangan yang masih berlaku:", "Invitations still open:"),
    "reg.invite.list_line": (
        "#{id} {role}, {region}{name} — berlaku sampai {expires}",
        "#{id} {role}, {region}{name} — valid until {expires}",
    ),
    "reg.invite.list_empty": ("Tidak ada undangan yang masih berlaku.", "No invitation is open."),
    "reg.invite.revoke_usage": (
        "Tulis nomor undangannya, misalnya /cabut 12 (nomor dari /undangan).",
        "Give the invitation's number, e.g. /cabut 12 (numbers from /undangan).",
    ),
    "reg.invite.revoked": (
        "Undangan #{id} dicabut; tautannya tidak bisa dipakai lagi.",
        "Invitation #{id} is revoked; its link no longer works.",
    ),
    "reg.invite.revoke_missing": (
        "Tidak ada undangan #{id} yang masih berlaku (mungkin sudah dipakai, dicabut atau kedaluwarsa).",
        "There is no open invitation #{id} (it may be used, revoked or expired).",
    ),
    "reg.invite.used_notice": (
        "Undangan #{id} telah dipakai: {name} kini terdaftar sebagai {role}.",
        "Invitation #{id} was used: {name} is now registered as {role}.",
    ),
    "reg.join.welcome": (
        "Selamat datang, <b>{name}</b>! Anda kini terdaftar sebagai <b>{role}</b> ({region}).\n"
        "Yang dapat Anda lakukan:\n{menu}",
        "Welcome, <b>{name}</b>! You are now registered as <b>{role}</b> ({region}).\nWhat you can do:\n{menu}",
    ),
    "reg.join.unknown": (
        "Tautan undangan ini tidak dikenal. Periksa tautannya atau minta tautan baru kepada admin Dinas Sosial.",
        "This invitation link is unknown. Check the link or ask a Social Service admin for a new one.",
    ),
    "reg.join.expired": (
        "Tautan undangan ini sudah kedaluwarsa. Mintalah tautan baru kepada admin Dinas Sosial.",
        "This invitation link has expired. Ask a Social Service admin for a new one.",
    ),
    "reg.join.used": (
        "Tautan undangan ini sudah dipakai. Setiap tautan hanya berlaku sekali; mintalah tautan baru kepada admin.",
        "This invitation link was already used. Each link works once; ask an admin for a new one.",
    ),
    "reg.join.revoked": (
        "Tautan undangan ini sudah dicabut oleh admin. Mintalah tautan baru bila perlu.",
        "This invitation link was revoked by an admin. Ask for a new one if needed.",
    ),
    "reg.join.already": (
        "Anda sudah terdaftar sebagai {role}; tautan ini tidak dipakai. Ketik /bantuan untuk melihat perintah Anda.",
        "You are already registered as {role}; this link was not used. Type /bantuan to see your commands.",
    ),
    # People
    "reg.people.usage": (
        "Cara pakai: /orang [peran] [kode wilayah], misalnya /orang pendamping {example_region}.",
        "Usage: /orang [role] [region code], e.g. /orang pendamping {example_region}.",
    ),
    "reg.people.header": ("Orang terdaftar ({count}):", "Registered people ({count}):"),
    "reg.people.line": (
        "#{id} {name}{username} — {role}, {regions}{inactive}",
        "#{id} {name}{username} — {role}, {regions}{inactive}",
    ),
    "reg.people.inactive": (" (nonaktif)", " (inactive)"),
    "reg.people.empty": ("Tidak ada orang yang cocok.", "Nobody matches."),
    "reg.person.usage": (
        "Tulis nomor orangnya, misalnya /{command} 12 (nomor dari /orang).",
        "Give the person's number, e.g. /{command} 12 (numbers from /orang).",
    ),
    "reg.person.unknown": ("Tidak ada orang dengan nomor #{id}.", "There is no person #{id}."),
    "reg.person.self": ("Anda tidak dapat menonaktifkan diri sendiri.", "You cannot deactivate yourself."),
    "reg.person.deactivated": (
        "{name} dinonaktifkan. Riwayatnya tetap tersimpan; bot kini memperlakukannya sebagai orang asing.",
        "{name} is deactivated. Their history is kept; the bot now treats them as a stranger.",
    ),
    "reg.person.reactivated": ("{name} aktif kembali.", "{name} is active again."),
    "reg.person.unchanged": ("{name} sudah {state}.", "{name} is already {state}."),
    "reg.person.state_active": ("aktif", "active"),
    "reg.person.state_inactive": ("nonaktif", "inactive"),
    "reg.person.not_companion": ("#{id} {name} bukan pendamping.", "#{id} {name} is not a companion."),
    "reg.person.inactive_target": (
        "{name} tidak aktif; pilih pendamping yang aktif.",
        "{name} is inactive; choose an active companion.",
    ),
    "reg.region.usage": (
        "Cara pakai: /pindahwilayah &lt;nomor&gt; &lt;kode kabupaten/kota&gt;, misalnya /pindahwilayah 12 {example_region}. "
        "Koordinator boleh beberapa kode dipisah koma ({first_region},{last_region}) atau {province_code} untuk seluruh provinsi.",
        "Usage: /pindahwilayah &lt;number&gt; &lt;kabupaten/kota code&gt;, e.g. /pindahwilayah 12 {example_region}. "
        "Coordinators may have several codes separated by commas ({first_region},{last_region}) or {province_code} for the whole province.",
    ),
    "reg.region.one_for_companions": (
        "Pendamping bertugas di tepat satu kabupaten/kota.",
        "A companion works in exactly one kabupaten/kota.",
    ),
    "reg.person.admin_has_no_region": (
        "#{id} {name} adalah admin: admin melihat seluruh provinsi.",
        "#{id} {name} is an admin: admins see the whole province.",
    ),
    "reg.region.changed_coordinator": (
        "Wilayah koordinator {name} kini: {region}.",
        "Coordinator {name} now covers: {region}.",
    ),
    "reg.region.changed": (
        "Wilayah {name} kini {region}. {count} KPM masih didampinginya; alihkan dengan /alihkan bila perlu.",
        "{name}'s region is now {region}. They still accompany {count:household|households}; use /alihkan if needed.",
    ),
    "reg.handover.usage": (
        "Cara pakai: /alihkan &lt;nomor pendamping lama&gt; &lt;nomor pendamping baru&gt;, misalnya /alihkan 12 15.",
        "Usage: /alihkan &lt;old companion number&gt; &lt;new companion number&gt;, e.g. /alihkan 12 15.",
    ),
    "reg.handover.same": ("Pendamping lama dan baru sama.", "The old and new companion are the same person."),
    "reg.handover.done": (
        "{count} KPM dari {old} dialihkan ke {new}.",
        "{count:household|households} moved from {old} to {new}.",
    ),
    # Look-up and corrections
    "reg.kpm.usage": (
        "Cara pakai: /kpm &lt;ID DTKS | No. KK | awal nama kepala keluarga&gt;, misalnya /kpm Siti.",
        "Usage: /kpm &lt;DTKS id | KK number | start of the head's name&gt;, e.g. /kpm Siti.",
    ),
    "reg.kpm.none": (
        "Tidak ada KPM yang cocok dengan „{query}“ di antara KPM yang boleh Anda lihat.",
        'No household matching "{query}" among those you may see.',
    ),
    "reg.kpm.many": (
        "Ditemukan beberapa KPM (paling banyak {limit} ditampilkan). Ketik /kpm dengan ID DTKS-nya:",
        "Several households found (at most {limit} shown). Type /kpm with the DTKS id:",
    ),
    "reg.kpm.many_line": ("{dtks_id} — {name}, {desa}{inactive}", "{dtks_id} — {name}, {desa}{inactive}"),
    "reg.kpm.card": (
        "<b>KPM {name}</b>{inactive}\nID DTKS: {dtks_id}\nNo. KK: {kk}\nNIK kepala keluarga: {nik}\n"
        "Alamat: {address}\nDesa/Kecamatan: {desa}, {kecamatan}\nWilayah: {region}\n"
        "Koordinat: {coordinates}\nPendamping: {companion}\nKunjungan terakhir: {last_visit}",
        "<b>Household {name}</b>{inactive}\nDTKS id: {dtks_id}\nKK number: {kk}\nHead's NIK: {nik}\n"
        "Address: {address}\nVillage/District: {desa}, {kecamatan}\nRegion: {region}\n"
        "Coordinates: {coordinates}\nCompanion: {companion}\nLast visit: {last_visit}",
    ),
    "reg.kpm.card_admin": (
        "\n\nUbah: /koreksi {dtks_id} lintang, bujur · /pindahkpm {dtks_id} nomor-pendamping · /{toggle} {dtks_id}",
        "\n\nChange: /koreksi {dtks_id} lat, lon · /pindahkpm {dtks_id} companion-number · /{toggle} {dtks_id}",
    ),
    "reg.kpm.inactive": (" (nonaktif)", " (inactive)"),
    "reg.kpm.missing": ("belum ada", "none yet"),
    "reg.kpm.no_companion": ("belum ditetapkan", "not assigned"),
    "reg.kpm.last_visit": ("{at}, {verdict}", "{at}, {verdict}"),
    "reg.kpm.unknown_dtks": (
        "Tidak ada KPM dengan ID DTKS {dtks_id}.",
        "There is no household with DTKS id {dtks_id}.",
    ),
    "reg.coord.usage": (
        "Cara pakai: /koreksi &lt;ID DTKS&gt; &lt;lintang, bujur atau tautan Google Maps&gt;, "
        "misalnya /koreksi {example_dtks} {example_lat}, {example_lon}.",
        "Usage: /koreksi &lt;DTKS id&gt; &lt;lat, lon or a Google Maps link&gt;, "
        "e.g. /koreksi {example_dtks} {example_lat}, {example_lon}.",
    ),
    "reg.coord.done": (
        "Koordinat KPM {name} diubah dari {old} menjadi {new}. Perubahan dicatat di log audit.",
        "Coordinates of {name} changed from {old} to {new}. The change is in the audit log.",
    ),
    "reg.reassign.usage": (
        "Cara pakai: /pindahkpm &lt;ID DTKS&gt; &lt;nomor pendamping&gt; (nomor dari /orang pendamping).",
        "Usage: /pindahkpm &lt;DTKS id&gt; &lt;companion number&gt; (numbers from /orang pendamping).",
    ),
    "reg.reassign.done": (
        "KPM {name} kini didampingi {companion}.",
        "Household {name} is now accompanied by {companion}.",
    ),
    "reg.reassign.wrong_region": (
        "{companion} bertugas di {companion_region}, sedangkan KPM ini di {region}. Pindahkan dulu wilayah "
        "pendampingnya dengan /pindahwilayah, atau pilih pendamping lain.",
        "{companion} works in {companion_region}, but this household is in {region}. Change the companion's "
        "region first with /pindahwilayah, or choose another companion.",
    ),
    "reg.kpm_state.usage": ("Cara pakai: /{command} &lt;ID DTKS&gt;.", "Usage: /{command} &lt;DTKS id&gt;."),
    "reg.kpm_state.deactivated": (
        "KPM {name} dinonaktifkan; riwayat kunjungannya tetap tersimpan.",
        "Household {name} is deactivated; its visit history is kept.",
    ),
    "reg.kpm_state.reactivated": ("KPM {name} aktif kembali.", "Household {name} is active again."),
    "reg.kpm_state.unchanged": ("KPM {name} sudah {state}.", "Household {name} is already {state}."),
    # Coordinates
    "reg.coordinates.unreadable": (
        "Koordinat tidak terbaca. Ketik „lintang, bujur“, misalnya {example_lat}, {example_lon}, atau tempel tautan Google Maps.",
        'Coordinates not readable. Type "lat, lon", e.g. {example_lat}, {example_lon}, or paste a Google Maps link.',
    ),
    "reg.coordinates.short_link": (
        "Tautan pendek Google Maps tidak memuat koordinat. Buka tautannya, lalu salin koordinat dari "
        "kotak pencarian atau bagikan lokasi.",
        "A short Google Maps link holds no coordinates. Open it and copy the coordinates from the search box, "
        "or share a location.",
    ),
    "reg.coordinates.out_of_range": (
        "Angka itu bukan koordinat: lintang harus antara -90 dan 90, bujur antara -180 dan 180.",
        "Those numbers are not coordinates: latitude must be within -90…90, longitude within -180…180.",
    ),
    "reg.coordinates.zero": (
        "Koordinat 0, 0 berarti GPS belum mendapat posisi, bukan lokasi rumah. Coba lagi di luar ruangan.",
        "Coordinates 0, 0 mean the GPS had no fix, not the house's location. Try again outdoors.",
    ),
    "reg.coordinates.swapped": (
        "Lintang dan bujur tampaknya tertukar: di {province_name} lintang sekitar {typical_lat} dan bujur sekitar {typical_lon}. "
        "Tulis lintang lebih dulu.",
        "Latitude and longitude seem swapped: in {province_name} latitude is about {typical_lat} and longitude about {typical_lon}. "
        "Write the latitude first.",
    ),
    "reg.coordinates.outside": (
        "Titik itu di luar Provinsi {province_name} (lintang {min_lat}…{max_lat}, bujur {min_lon}…{max_lon}). Periksa lagi koordinatnya.",
        "That point is outside {province_name} province (latitude {min_lat}…{max_lat}, longitude {min_lon}…{max_lon}). Check the coordinates.",
    ),
    # Row and field problems (conversation and import)
    "reg.reason.formula": (
        "diawali =, +, -, @ seperti rumus spreadsheet (tidak diterima demi keamanan)",
        "starts with =, +, -, @ like a spreadsheet formula (refused for safety)",
    ),
    "reg.reason.required": ("wajib diisi", "required"),
    "reg.reason.dtks_id": ("ID DTKS harus 4–32 huruf/angka", "the DTKS id must be 4–32 letters/digits"),
    "reg.reason.kk_digits": ("No. KK harus 16 angka", "the KK number must be 16 digits"),
    "reg.reason.kk_province": (
        "No. KK harus diawali kode provinsi {province}",
        "the KK number must start with the province code {province}",
    ),
    "reg.reason.nik_digits": ("NIK harus 16 angka", "the NIK must be 16 digits"),
    "reg.warning.region_digits": (
        "peringatan (baris tetap diimpor): {number} diawali kode {issued_code} ({issued}), bukan kode wilayah KPM {region_code}",
        "warning (the row is imported): the {number} starts with the code {issued_code} ({issued}), not with the household's region code {region_code}",
    ),
    "reg.warning.nik": ("NIK", "NIK"),
    "reg.warning.kk": ("No. KK", "KK number"),
    "reg.reason.name_missing": ("nama kosong atau tanpa huruf", "the name is empty or has no letters"),
    "reg.reason.too_long": (
        "terlalu panjang (paling banyak {limit} karakter)",
        "too long (at most {limit} characters)",
    ),
    "reg.reason.region_unknown": (
        "kode kabupaten/kota tidak dikenal (pakai {codes})",
        "unknown kabupaten/kota code (use {codes})",
    ),
    "reg.reason.coordinate_number": ("bukan angka desimal", "not a decimal number"),
    "reg.reason.coordinate_half": (
        "lintang dan bujur harus diisi keduanya atau dikosongkan keduanya",
        "give both latitude and longitude, or neither",
    ),
    "reg.reason.companion_unknown": (
        "pendamping tidak dikenal atau tidak aktif (pakai ID Telegram atau @username)",
        "unknown or inactive companion (use the Telegram id or @username)",
    ),
    "reg.reason.companion_region": (
        "pendamping bertugas di kabupaten/kota lain",
        "the companion works in another kabupaten/kota",
    ),
    "reg.reason.duplicate": ("ID DTKS sama dengan baris {row}", "same DTKS id as row {row}"),
    # One household by conversation
    "reg.new.ask_dtks": (
        "Pendaftaran KPM baru (ketik /batal untuk berhenti).\nLangkah 1/10: ketik <b>ID DTKS</b> KPM.",
        "New household (type /batal to stop).\nStep 1/10: type the household's <b>DTKS id</b>.",
    ),
    "reg.new.ask_kk": (
        "Langkah 2/10: ketik <b>No. KK</b> (16 angka, diawali {province}), atau tekan Lewati bila belum ada.",
        "Step 2/10: type the <b>KK number</b> (16 digits, starting with {province}), or press Skip if unknown.",
    ),
    "reg.new.ask_name": (
        "Langkah 3/10: ketik <b>nama kepala keluarga</b>.",
        "Step 3/10: type the <b>head of household's name</b>.",
    ),
    "reg.new.ask_nik": (
        "Langkah 4/10: ketik <b>NIK kepala keluarga</b> (16 angka), atau tekan Lewati bila belum ada.",
        "Step 4/10: type the <b>head of household's NIK</b> (16 digits), or press Skip if unknown.",
    ),
    "reg.new.number.kk": ("No. KK", "The KK number"),
    "reg.new.number.nik": ("NIK", "The NIK"),
    "reg.new.ask_address": (
        "Langkah 5/10: ketik <b>alamat</b> (jalan/kampung, RT/RW).",
        "Step 5/10: type the <b>address</b> (street/kampung, RT/RW).",
    ),
    "reg.new.ask_region": (
        "Langkah 6/10: pilih <b>kabupaten/kota</b>.",
        "Step 6/10: choose the <b>kabupaten/kota</b>.",
    ),
    "reg.new.region_mismatch": (
        "⚠️ {number} diawali kode {issued_code} ({issued}), bukan kode {region_code} yang dipilih. Periksa lagi "
        "nomornya atau kabupaten/kotanya; bila memang benar, lanjutkan saja.",
        "⚠️ {number} starts with the code {issued_code} ({issued}), not with the chosen code {region_code}. "
        "Check the number or the kabupaten/kota; if both are right, just go on.",
    ),
    "reg.new.ask_kecamatan": (
        "Langkah 7/10: ketik nama <b>kecamatan</b>.",
        "Step 7/10: type the <b>kecamatan</b> (district).",
    ),
    "reg.new.ask_desa": (
        "Langkah 8/10: ketik nama <b>desa/kelurahan</b>.",
        "Step 8/10: type the <b>desa/kelurahan</b> (village).",
    ),
    "reg.new.ask_coordinates": (
        "Langkah 9/10: <b>koordinat rumah</b>. Bagikan lokasi (📎 → Lokasi) saat berada di rumah KPM, "
        "ketik „lintang, bujur“ (misalnya {example_lat}, {example_lon}), atau tempel tautan Google Maps. "
        "Tekan Lewati bila belum diketahui.",
        "Step 9/10: the <b>house's coordinates</b>. Share a location (📎 → Location) while at the house, "
        'type "lat, lon" (e.g. {example_lat}, {example_lon}), or paste a Google Maps link. Press Skip if unknown.',
    ),
    "reg.new.ask_companion": (
        "Langkah 10/10: pilih <b>pendamping</b> KPM ini.",
        "Step 10/10: choose this household's <b>companion</b>.",
    ),
    "reg.new.no_companions": (
        "Langkah 10/10: belum ada pendamping aktif di {region}. Simpan tanpa pendamping dan tetapkan nanti "
        "dengan /pindahkpm.",
        "Step 10/10: there is no active companion in {region} yet. Save without one and assign later with /pindahkpm.",
    ),
    "reg.new.confirm": (
        "Periksa data KPM:\nID DTKS: {dtks_id}\nNo. KK: {kk}\nKepala keluarga: {name}\nNIK: {nik}\nAlamat: {address}\n"
        "Wilayah: {region}\nKecamatan/Desa: {kecamatan}, {desa}\nKoordinat: {coordinates}\n"
        "Pendamping: {companion}\n\nSimpan?",
        "Check the household:\nDTKS id: {dtks_id}\nKK number: {kk}\nHead: {name}\nNIK: {nik}\nAddress: {address}\n"
        "Region: {region}\nDistrict/Village: {kecamatan}, {desa}\nCoordinates: {coordinates}\n"
        "Companion: {companion}\n\nSave?",
    ),
    "reg.new.saved": (
        "KPM {name} tersimpan (ID DTKS {dtks_id}). Lihat dengan /kpm {dtks_id}.",
        "Household {name} saved (DTKS id {dtks_id}). See it with /kpm {dtks_id}.",
    ),
    "reg.new.cancelled": (
        "Pendaftaran KPM dibatalkan; tidak ada yang disimpan.",
        "Household registration cancelled; nothing was saved.",
    ),
    "reg.new.expired": (
        "Pendaftaran KPM yang belum selesai dibatalkan karena tidak ada kegiatan selama {minutes} menit; tidak "
        "ada yang disimpan. Mulai lagi dengan /kpmbaru.",
        "The unfinished household registration was cancelled after {minutes:minute|minutes} without activity; "
        "nothing was saved. Start again with /kpmbaru.",
    ),
    "reg.new.dtks_exists": (
        "ID DTKS {dtks_id} sudah terdaftar (KPM {name}). Ketik ID lain, atau /batal lalu /kpm {dtks_id}.",
        "DTKS id {dtks_id} is already registered (household {name}). Type another id, or /batal then /kpm {dtks_id}.",
    ),
    "reg.new.invalid": ("{reason}. Coba lagi.", "{reason}. Try again."),
    "reg.new.wrong_kind": (
        "Pesan ini tidak dipakai di langkah ini. Ketik /batal untuk berhenti.",
        "This message is not used at this step. Type /batal to stop.",
    ),
    "reg.new.use_buttons": (
        "Pilih dengan tombol pada pesan di bawah ini, atau ketik /batal.",
        "Choose with the buttons on the message below, or type /batal.",
    ),
    "reg.new.forwarded": (
        "Pesan yang diteruskan tidak dipakai: kirim atau ketik sendiri datanya.",
        "Forwarded messages are not used: send or type the data yourself.",
    ),
    "reg.new.old_button": ("Tombol itu sudah tidak berlaku.", "That button is no longer valid."),
    "reg.button.skip": ("Lewati", "Skip"),
    "reg.button.save": ("Simpan", "Save"),
    "reg.button.cancel": ("Batal", "Cancel"),
    "reg.button.no_companion": ("Tanpa pendamping", "No companion"),
    "reg.button.apply": ("Terapkan", "Apply"),
    "reg.button.discard": ("Buang", "Discard"),
    # Spreadsheet import
    "reg.import.wrong_type": (
        "Kirim tabel KPM sebagai berkas CSV atau XLSX. Berkas {name} tidak bisa dipakai. "
        "Ketik /templat untuk contohnya.",
        "Send the household table as a CSV or XLSX file. The file {name} cannot be used. Type /templat for an example.",
    ),
    "reg.import.too_large": (
        "Berkas terlalu besar ({size} MB; batasnya {limit} MB). Bagi menjadi beberapa berkas lalu kirim satu per satu.",
        "The file is too large ({size} MB; the limit is {limit} MB). Split it and send the parts one by one.",
    ),
    "reg.import.download_failed": (
        "Berkas tidak bisa diunduh dari Telegram. Coba kirim lagi sebentar lagi.",
        "The file could not be downloaded from Telegram. Please send it again in a moment.",
    ),
    "reg.import.checking": (
        "Memeriksa {name}… Hasilnya menyusul; sementara itu bot tetap bisa dipakai. /batal menghentikan pemeriksaan.",
        "Checking {name}… The result follows; meanwhile the bot can be used as usual. /batal stops the check.",
    ),
    "reg.import.busy": (
        "{name} masih diperiksa ({rows} baris sudah dibaca). Tunggu hasilnya sebelum mengirim berkas lain, "
        "atau hentikan dengan /batal.",
        "{name} is still being checked ({rows} rows read so far). Wait for the result before sending another "
        "file, or stop it with /batal.",
    ),
    "reg.import.stopped": (
        "Pemeriksaan {name} dihentikan setelah {rows} baris. Tidak ada yang disimpan; register tidak diubah.",
        "The check of {name} was stopped after {rows} rows. Nothing was kept; the register is unchanged.",
    ),
    "reg.import.read_interrupted": (
        "Bot sempat berhenti saat memeriksa {name} (sampai baris {rows}). Tidak ada yang disimpan; register "
        "tidak diubah. Kirim berkasnya lagi untuk memeriksanya dari awal.",
        "The bot stopped while checking {name} (up to row {rows}). Nothing was kept; the register is "
        "unchanged. Send the file again to check it from the start.",
    ),
    "reg.import.summary": (
        "Hasil pemeriksaan <b>{name}</b> (belum disimpan):\n• KPM baru: {new}\n• diperbarui: {updated}\n"
        "• tidak berubah: {unchanged}\n• baris tidak valid: {invalid}{warnings}{ignored}",
        "Check of <b>{name}</b> (nothing saved yet):\n• new households: {new}\n• updated: {updated}\n"
        "• unchanged: {unchanged}\n• invalid rows: {invalid}{warnings}{ignored}",
    ),
    "reg.import.ignored": ("\nKolom yang diabaikan: {columns}", "\nColumns ignored: {columns}"),
    "reg.import.apply_hint": (
        "\n\nTekan <b>Terapkan</b> untuk menyimpan semua baris yang valid sekaligus, atau Buang.",
        "\n\nPress <b>Apply</b> to save all valid rows at once, or Discard.",
    ),
    "reg.import.nothing_to_apply": ("\n\nTidak ada yang perlu diterapkan.", "\n\nThere is nothing to apply."),
    "reg.import.invalid_caption": (
        "Baris yang tidak valid, dengan nomor baris, kolom dan alasannya. Perbaiki lalu kirim ulang berkasnya.",
        "The invalid rows, with row number, column and reason. Fix them and send the file again.",
    ),
    "reg.import.warnings": (
        "\n• baris dengan peringatan (tetap diimpor): {count}",
        "\n• rows with a warning (imported all the same): {count}",
    ),
    "reg.import.warnings_caption": (
        "Baris yang perlu diperiksa, dengan nomor baris, kolom dan alasannya. Baris tidak valid tidak diimpor; "
        "baris dengan peringatan diimpor, tetapi periksalah datanya.",
        "The rows to check, with row number, column and reason. Invalid rows are not imported; rows with "
        "a warning are, but check their data.",
    ),
    "reg.import.applied": (
        "Impor {name} diterapkan: {new} KPM baru, {updated} diperbarui, {unchanged} tidak berubah.",
        "Import of {name} applied: {new} new households, {updated} updated, {unchanged} unchanged.",
    ),
    "reg.import.interrupted": (
        "Bot sempat berhenti saat Anda menekan Terapkan untuk impor {name}. Keadaan impor itu: {status}.",
        "The bot stopped while you pressed Apply on the import of {name}. That import's state: {status}.",
    ),
    "reg.import.status.pending": (
        "belum diterapkan, register tidak diubah; tekan Terapkan lagi untuk menerapkannya",
        "not applied, the register is unchanged; press Apply again to apply it",
    ),
    "reg.import.status.discarded": (
        "dibuang, register tidak diubah; kirim berkasnya lagi bila perlu",
        "discarded, the register is unchanged; send the file again if needed",
    ),
    "reg.import.discarded": ("Impor dibuang; register tidak diubah.", "Import discarded; the register is unchanged."),
    "reg.import.gone": (
        "Impor ini sudah diterapkan, dibuang, atau kedaluwarsa (pemeriksaan berlaku satu hari). "
        "Kirim berkasnya lagi bila perlu.",
        "This import was already applied, discarded, or has expired (a check is valid for a day). "
        "Send the file again if needed.",
    ),
    "reg.file.empty": ("Berkas kosong.", "The file is empty."),
    "reg.file.no_rows": (
        "Berkas hanya berisi judul kolom, tanpa baris KPM.",
        "The file has only the column names, no household rows.",
    ),
    "reg.file.not_text": (
        "Berkas ini bukan CSV (isinya biner). Kirim CSV atau XLSX; /templat berisi contohnya.",
        "This file is not a CSV (its content is binary). Send CSV or XLSX; /templat has an example.",
    ),
    "reg.file.malformed": (
        "Berkas CSV ini rusak sekitar baris {row} (misalnya tanda kutip yang tidak ditutup atau sel yang "
        "terlalu panjang). Simpan ulang dari Excel sebagai CSV lalu kirim lagi.",
        "This CSV file is broken around row {row} (e.g. an unclosed quote or a cell far too long). "
        "Save it again from Excel as CSV and send it again.",
    ),
    "reg.file.unreadable": (
        "Berkas XLSX ini tidak bisa dibuka. Simpan ulang dari Excel sebagai .xlsx atau .csv.",
        "This XLSX file cannot be opened. Save it again from Excel as .xlsx or .csv.",
    ),
    "reg.file.too_many_rows": (
        "Berkas ini punya lebih dari {limit} baris KPM. Bagi menjadi beberapa berkas lalu kirim satu per satu.",
        "This file has more than {limit} household rows. Split it into several files and send them one by one.",
    ),
    "reg.file.too_many_columns": (
        "Berkas ini punya lebih dari {limit} kolom. Kirim hanya kolom templat (/templat).",
        "This file has more than {limit} columns. Send only the template's columns (/templat).",
    ),
    "reg.file.cell_too_long": (
        "Berkas ini punya sel yang lebih panjang dari {limit} karakter. Periksa isinya, lalu kirim lagi.",
        "This file has a cell longer than {limit} characters. Check its content and send it again.",
    ),
    "reg.file.too_many_strings": (
        "Berkas XLSX ini memuat terlalu banyak teks untuk dibaca. Simpan sebagai CSV lalu kirim lagi.",
        "This XLSX file holds too much text to be read. Save it as CSV and send it again.",
    ),
    "reg.file.too_big_unpacked": (
        "Berkas XLSX ini terlalu besar setelah dibuka (isinya dipadatkan berlebihan). Simpan sebagai CSV lalu kirim lagi.",
        "This XLSX file is too large once unpacked (its content is compressed beyond reason). Save it as CSV and send it again.",
    ),
    "reg.file.missing_columns": (
        "Kolom wajib tidak ditemukan: {columns}. Judul kolom ada di baris pertama; lihat /templat.",
        "Required columns not found: {columns}. Column names go in the first row; see /templat.",
    ),
    "reg.invalid.row": ("baris", "row"),
    "reg.invalid.dtks_id": ("id_dtks", "dtks_id"),
    "reg.invalid.head_name": ("nama_kepala", "head_name"),
    "reg.invalid.column": ("kolom", "column"),
    "reg.invalid.reason": ("alasan", "reason"),
    "reg.template.name": ("Siti Aminah", "Siti Aminah"),
    "reg.template.address": ("Jl. Contoh No. 1 RT 002/RW 003", "Jl. Contoh No. 1 RT 002/RW 003"),
    "reg.template.village": ("Desa Contoh", "Desa Contoh"),
    "reg.file.unnamed": ("berkas", "file"),
    "reg.file.invalid_rows_name": ("tidak-valid-{name}.csv", "invalid-{name}.csv"),
    "reg.file.invalid_rows_part_name": ("tidak-valid-{name}-bagian-{part}.csv", "invalid-{name}-part-{part}.csv"),
    "reg.import.part_caption": ("\n(Bagian {part} dari {parts}.)", "\n(Part {part} of {parts}.)"),
    "reg.file.template_name": ("templat-kpm.csv", "household-template.csv"),
    "reg.template.caption": (
        "Templat impor KPM: satu baris per KPM. Kolom wajib: id_dtks, nama_kepala, kode_wilayah. "
        "Koordinat boleh memakai koma desimal. Kolom pendamping: ID Telegram atau @username pendamping. "
        "Sel kosong tidak mengubah data KPM yang sudah terdaftar. "
        "Di Excel, format No. KK dan NIK sebagai teks agar angkanya tidak berubah.",
        "Household import template: one row per household. Required columns: id_dtks, nama_kepala, "
        "kode_wilayah. Coordinates may use a decimal comma. Column pendamping: the companion's Telegram id "
        "or @username. An empty cell leaves a registered household's value unchanged. "
        "In Excel, format KK and NIK as text so the digits are kept.",
    ),
}
