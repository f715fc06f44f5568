"""The catalogue of every sentence a user reads: Bahasa Indonesia first, English second.

Texts are Telegram HTML. `t()` escapes the values it fills in, so names and addresses can
never break the markup; `t_plain()` is for places that are not HTML (button labels, files).
Both are where people's text enters the bot's words: a value's direction controls go and its
right-to-left lines are isolated (`bot.bidi`), so it never turns the sentence around.
"""

from __future__ import annotations

import html
import string
from typing import Any

from bot.bidi import contained

LANGUAGES = ("id", "en")

TEXTS: dict[str, tuple[str, str]] = {
    # ── General ──────────────────────────────────────────────────────────────
    "stranger.start": (
        "Halo! Bot ini khusus untuk pendamping, koordinator dan admin program {programme_short} "
        "({programme}) Dinas Sosial Provinsi {province_name}.\nAnda belum terdaftar. Mintalah tautan undangan kepada "
        "admin Dinas Sosial, lalu buka tautan itu untuk mendaftar.",
        "Hello! This bot is for the companions, coordinators and admins of the {programme_short} "
        "programme ({programme}) of the Social Service of {province_name} province.\nYou are not registered. Ask a Social Service "
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
    "button.not_available": ("Tombol ini tidak tersedia untuk Anda.", "This button is not available to you."),
    "message.shortened": (
        "\n\n<i>… Pesan ini terlalu panjang untuk Telegram: isi lengkapnya ada di berkas terlampir.</i>",
        "\n\n<i>… This message is too long for Telegram: the full text is in the attached file.</i>",
    ),
    "message.caption_continued": (
        "\n<i>… (lanjutan di pesan berikut)</i>",
        "\n<i>… (continued in the next message)</i>",
    ),
    "message.file_name": ("pesan-lengkap.txt", "full-message.txt"),
    "private_only": (
        "Bot ini hanya melayani chat pribadi, agar data KPM tidak terbaca orang lain. Buka chat langsung dengan bot.",
        "This bot only works in private chats, so that households' data is not read by others. "
        "Open a direct chat with the bot.",
    ),
    "error.generic": (
        "Maaf, terjadi kesalahan. Silakan coba lagi sebentar lagi.",
        "Sorry, something went wrong. Please try again in a moment.",
    ),
    "error.telegram": (
        "Maaf, Telegram sempat terganggu sehingga jawaban untuk pesan atau tombol terakhir Anda tidak "
        "terkirim. Yang sudah tersimpan tetap aman. Ulangi langkah terakhir Anda: kirim lagi pesannya "
        "atau tekan lagi tombolnya.",
        "Sorry, Telegram faltered, so the answer to your last message or button did not go out. What "
        "was stored is safe. Repeat your last step: send the message again or press the button again.",
    ),
    "error.storage_full": (
        "Maaf, penyimpanan server bot sedang penuh, jadi langkah terakhir Anda belum tersimpan. Ini bukan "
        "kesalahan Anda, dan yang sudah Anda isi tidak hilang; admin Dinas Sosial sudah diberi tahu. Ulangi "
        "langkah itu nanti, misalnya satu jam lagi: kirim lagi pesannya atau tekan lagi tombolnya.",
        "Sorry, the bot server's storage is full, so your last step was not stored. It is not your fault, and "
        "what you have filled in is not lost; the Social Service admins have been told. Repeat that step later, "
        "for example in an hour: send the message again or press the button again.",
    ),
    "error.storage_full_admin": (
        "⚠️ <b>Penyimpanan server bot penuh</b> ({cause}): laporan dan langkah lain tidak tersimpan sampai ada "
        "ruang lagi; pengguna diminta mengulang nanti. Ruang bebas: {database_free} di {database} (basis data), "
        "{photos_free} di {photos} (foto). Kosongkan atau perbesar disk; bot tidak perlu dimulai ulang. "
        "Peringatan ini diulang paling cepat {hours} jam lagi bila masih penuh.",
        "⚠️ <b>The bot server's storage is full</b> ({cause}): reports and other steps are not stored until "
        "there is room again; users are asked to repeat them later. Free space: {database_free} in {database} "
        "(database), {photos_free} in {photos} (photos). Free or enlarge the disk; the bot needs no restart. "
        "This alert comes again at the earliest in {hours:hour|hours} if it is still full.",
    ),
    "role.admin": ("Admin Dinas Sosial", "Social Service admin"),
    "role.coordinator": ("Koordinator", "Coordinator"),
    "role.companion": ("Pendamping", "Companion"),
    "start.greeting": (
        "Halo, <b>{name}</b>! Anda terdaftar sebagai <b>{role}</b>.\nYang dapat Anda lakukan:\n{menu}",
        "Hello, <b>{name}</b>! You are registered as <b>{role}</b>.\nWhat you can do:\n{menu}",
    ),
    "help.text": ("Perintah yang tersedia untuk Anda:\n{menu}", "Commands available to you:\n{menu}"),
    "help.line": ("/{command} — {description}", "/{command} — {description}"),
    # ── Command descriptions (menu, /bantuan, Telegram's command list) ────────
    "command.start": ("Mulai dan lihat menu", "Start and see the menu"),
    "command.bantuan": ("Daftar perintah", "List of commands"),
    "command.batal": ("Batalkan langkah yang sedang berjalan", "Cancel what is in progress"),
    "cancel.nothing": ("Tidak ada yang perlu dibatalkan.", "There is nothing to cancel."),
    # ── Registry: invitations, people, households, import ──────────
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
    # ── Visit report ───────────────────────────────────────────────
    "command.lapor": ("Laporkan kunjungan ke KPM", "Report a household visit"),
    "command.riwayat": ("Laporan kunjungan terakhir Anda", "Your latest visit reports"),
    "command.kpmsaya": ("KPM Anda, yang lama belum dikunjungi lebih dulu", "Your households, overdue first"),
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
    # ── Reminders, digests, alerts, exports, map ───────────────────
    "command.ringkasan": ("Ringkasan kunjungan wilayah Anda", "Visit digest of your regions"),
    "command.ekspor": ("Ekspor kunjungan (CSV dan Excel)", "Export visits (CSV and Excel)"),
    "command.peta": ("Peta KPM dan kunjungan", "Map of households and visits"),
    "office.review.accepted": ("diterima", "accepted"),
    "office.review.rejected": ("ditolak", "rejected"),
    "office.review.revisit": ("kunjungan ulang", "revisit"),
    "delivery.job.weekly_digest": ("ringkasan mingguan", "weekly digest"),
    "delivery.job.reminders": ("pengingat kunjungan", "visit reminders"),
    "delivery.job.alert": ("peringatan laporan", "report alerts"),
    "delivery.job.proposal": ("usulan koordinat", "coordinate proposals"),
    "delivery.blocked": (
        "⚠️ {count} penerima {job} tidak dapat dihubungi karena memblokir bot:",
        "⚠️ {count:recipient|recipients} of the {job} could not be reached because they blocked the bot:",
    ),
    "delivery.blocked_line": ("• {name} ({role})", "• {name} ({role})"),
    # Reminders
    "reminder.header": (
        "⏰ <b>{count} KPM perlu dikunjungi</b> (paling lama terlambat dulu):",
        "⏰ <b>{count:household is|households are} due for a visit</b> (most overdue first):",
    ),
    "reminder.line": ("• {name} ({desa}) — {days} hari lalu", "• {name} ({desa}) — {days:day|days} ago"),
    "reminder.line_never": (
        "• {name} ({desa}) — belum pernah dikunjungi, terdaftar {days} hari lalu",
        "• {name} ({desa}) — never visited, registered {days:day|days} ago",
    ),
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
    # Exports and map
    "export.usage": (
        "Gunakan: /ekspor (30 hari terakhir), /ekspor minggu (minggu lalu), /ekspor bulan (bulan lalu) "
        "atau /ekspor &lt;dari&gt; &lt;sampai&gt;, misalnya /ekspor 2026-11-01 2026-11-30 "
        "atau /ekspor 01/11/2026 30/11/2026.",
        "Use: /ekspor (last 30 days), /ekspor minggu (last week), /ekspor bulan (last month) "
        "or /ekspor &lt;from&gt; &lt;to&gt;, e.g. /ekspor 2026-11-01 2026-11-30 or /ekspor 01/11/2026 30/11/2026.",
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
    # ── Dashboard (/pantau and its pages: handlers/web) ─────────────────────
    "command.pantau": ("Dasbor pemantauan (peta, cakupan, tinjauan)", "Monitoring dashboard (map, coverage, review)"),
    "pantau.disabled": (
        "Dasbor belum diaktifkan di server ini. Mintalah admin mengaktifkannya (dashboard.enabled).",
        "The dashboard is not enabled on this server. Ask an admin to enable it (dashboard.enabled).",
    ),
    "pantau.ready": (
        "🖥 Dasbor pemantauan: buka di Telegram dengan tombol pertama, atau di peramban dengan tombol kedua "
        "(tautan masuk sekali pakai, khusus untuk Anda, berlaku {minutes} menit; jangan diteruskan).",
        "🖥 Monitoring dashboard: open it in Telegram with the first button, or in a browser with the second "
        "(a one-time login link, for you only, valid for {minutes:minute|minutes}; do not forward it).",
    ),
    "pantau.open": ("🖥 Buka dasbor", "🖥 Open the dashboard"),
    "pantau.open_browser": ("🌐 Buka di peramban", "🌐 Open in a browser"),
    "pantau.menu_button": ("Dasbor", "Dashboard"),
    "pantau.reviewed.accepted": (
        "✅ Laporan #{id} ({household}) diterima di dasbor.",
        "✅ Report #{id} ({household}) accepted on the dashboard.",
    ),
    "pantau.reviewed.revisit": (
        "🔁 Laporan #{id} ({household}): kunjungan ulang diminta di dasbor; pendamping sudah diberi tahu.",
        "🔁 Report #{id} ({household}): a revisit asked for on the dashboard; the companion has been told.",
    ),
    "pantau.reviewed.rejected": (
        "❌ Laporan #{id} ({household}) ditolak di dasbor. Alasan: {reason}",
        "❌ Report #{id} ({household}) rejected on the dashboard. Reason: {reason}",
    ),
    "web.public.link_invalid": (
        "Tautan masuk ini tidak berlaku lagi (sudah dipakai atau sudah kedaluwarsa). Kirim /pantau ke bot untuk tautan baru.",
        "This login link is no longer valid (used already, or expired). Send /pantau to the bot for a new one.",
    ),
    "web.public.signed_out": (
        "Anda belum masuk, atau sesi sudah berakhir. Buka dasbor dari chat bot: kirim /pantau.",
        "You are not signed in, or the session ended. Open the dashboard from the bot's chat: send /pantau.",
    ),
    "web.title": ("Pantau", "Monitoring"),
    "web.signed_out": (
        "Sesi berakhir. Buka dasbor lagi dari chat bot: kirim /pantau.",
        "The session ended. Open the dashboard again from the bot's chat: send /pantau.",
    ),
    "web.error": ("Gagal memuat: {reason}", "Could not load: {reason}"),
    "web.tab.map": ("Peta", "Map"),
    "web.tab.coverage": ("Cakupan", "Coverage"),
    "web.tab.companions": ("Pendamping", "Companions"),
    "web.tab.review": ("Tinjauan", "Review"),
    "web.tab.today": ("Hari ini", "Today"),
    "web.filter.all_regions": ("Semua kabupaten/kota", "All kabupaten/kota"),
    "web.filter.all_kecamatan": ("Semua kecamatan", "All kecamatan"),
    "web.filter.all_desa": ("Semua desa", "All desa"),
    "web.filter.all_verdicts": ("Semua hasil", "All results"),
    "web.filter.all_flags": ("Bertanda atau tidak", "Flagged or not"),
    "web.filter.any_flag": ("Bertanda apa saja", "Any flag"),
    "web.filter.companion": ("Pendamping: {name} ✕", "Companion: {name} ✕"),
    "web.period.today": ("Kunjungan hari ini", "Visits today"),
    "web.period.week": ("Kunjungan minggu ini", "Visits this week"),
    "web.period.month": ("Kunjungan bulan ini", "Visits this month"),
    "web.period.30d": ("Kunjungan 30 hari terakhir", "Visits of the last 30 days"),
    "web.legend.households": ("KPM: bagian yang terlambat dikunjungi", "Households: share overdue for a visit"),
    "web.legend.share": ("{low}–{high} %", "{low}–{high} %"),
    "web.legend.recent": ("KPM dikunjungi ≤ {days} hari lalu", "Household visited ≤ {days:day|days} ago"),
    "web.legend.overdue": ("KPM terlambat (> {days} hari)", "Household overdue (> {days:day|days})"),
    "web.legend.never": ("KPM belum pernah dikunjungi", "Household never visited"),
    "web.legend.visits": ("Kunjungan pada periode: hasil", "Visits of the period: result"),
    "web.legend.flagged": ("Tepi tebal: laporan bertanda", "Thick edge: flagged report"),
    "web.hex.summary": (
        "{households} KPM · {overdue} terlambat · {never} belum pernah dikunjungi · {visits} kunjungan ({flagged} bertanda)",
        "{households:household|households} · {overdue} overdue · {never} never visited · {visits:visit|visits} ({flagged} flagged)",
    ),
    "web.household.dtks": ("ID DTKS", "DTKS id"),
    "web.household.kk": ("No. KK", "Family card no."),
    "web.household.nik": ("NIK kepala keluarga", "Head's NIK"),
    "web.household.address": ("Alamat", "Address"),
    "web.household.place": ("Wilayah", "Place"),
    "web.household.companion": ("Pendamping", "Companion"),
    "web.household.visits": ("Kunjungan terakhir", "Last visits"),
    "web.household.no_visits": ("Belum pernah dikunjungi.", "Never visited."),
    "web.household.inactive": ("KPM ini nonaktif.", "This household is deactivated."),
    "web.visit.title": ("Laporan #{id}", "Report #{id}"),
    "web.visit.household": ("KPM", "Household"),
    "web.visit.companion": ("Pendamping", "Companion"),
    "web.visit.time": ("Waktu kunjungan", "Time of the visit"),
    "web.visit.verdict": ("Hasil", "Result"),
    "web.visit.location": ("Lokasi", "Location"),
    "web.visit.live": ("lokasi langsung", "live location"),
    "web.visit.static": ("lokasi statis", "static location"),
    "web.visit.dwell": ("Lama di rumah KPM", "Time at the household"),
    "web.visit.farthest": ("Titik terjauh dari rumah", "Farthest point from the house"),
    "web.visit.flags": ("Tanda", "Flags"),
    "web.visit.conditions": ("Komitmen", "Conditions"),
    "web.visit.note": ("Catatan pendamping", "Companion's note"),
    "web.visit.review": ("Tinjauan", "Review"),
    "web.visit.household_button": ("Lihat KPM", "Show the household"),
    "web.visit.on_map": ("Lihat di peta", "Show on the map"),
    "web.coverage.level.region": ("Per kabupaten/kota", "By kabupaten/kota"),
    "web.coverage.level.kecamatan": ("Per kecamatan", "By kecamatan"),
    "web.coverage.level.desa": ("Per desa", "By desa"),
    "web.coverage.region": ("Kabupaten/kota", "Kabupaten/kota"),
    "web.coverage.kecamatan": ("Kecamatan", "Kecamatan"),
    "web.coverage.desa": ("Desa", "Desa"),
    "web.coverage.households": ("KPM", "Households"),
    "web.coverage.visited_this_month": ("Dikunjungi bulan ini", "Visited this month"),
    "web.coverage.overdue": ("Terlambat", "Overdue"),
    "web.coverage.never_visited": ("Belum pernah", "Never visited"),
    "web.coverage.visits_this_month": ("Kunjungan bulan ini", "Visits this month"),
    "web.coverage.verified_share": ("Terverifikasi", "Verified"),
    "web.coverage.flagged_this_month": ("Bertanda", "Flagged"),
    "web.coverage.file_name": ("cakupan", "coverage"),
    "web.companions.name": ("Pendamping", "Companion"),
    "web.companions.region": ("Wilayah", "Region"),
    "web.companions.reports_this_week": ("Laporan minggu ini", "Reports this week"),
    "web.companions.reports_this_month": ("Laporan bulan ini", "Reports this month"),
    "web.companions.live_share": ("Lokasi langsung", "Live location"),
    "web.companions.median_dwell": ("Median lama kunjungan", "Median time at the house"),
    "web.companions.flagged_this_month": ("Bertanda", "Flagged"),
    "web.companions.last_report": ("Laporan terakhir", "Last report"),
    "web.companions.overdue_households": ("KPM terlambat", "Overdue households"),
    "web.review.total": (
        "{total} laporan bertanda menunggu tinjauan",
        "{total:flagged report|flagged reports} waiting for review",
    ),
    "web.review.empty": (
        "Tidak ada laporan bertanda yang menunggu tinjauan.",
        "No flagged report is waiting for review.",
    ),
    "web.review.accept": ("✅ Terima", "✅ Accept"),
    "web.review.revisit": ("🔁 Kunjungan ulang", "🔁 Revisit"),
    "web.review.reject": ("❌ Tolak", "❌ Reject"),
    "web.review.reason_placeholder": (
        "Alasan penolakan (dikirim ke pendamping)",
        "Reason for the rejection (sent to the companion)",
    ),
    "web.review.reason_needed": (
        "Tulis alasannya dulu (paling banyak {limit} karakter).",
        "Write the reason first (at most {limit} characters).",
    ),
    "web.review.done.accepted": ("Diterima. Chat Anda juga mencatatnya.", "Accepted. Your chat has it too."),
    "web.review.done.revisit": (
        "Kunjungan ulang diminta; pendamping diberi tahu.",
        "Revisit asked for; the companion is told.",
    ),
    "web.review.done.rejected": (
        "Ditolak; pendamping diberi tahu alasannya.",
        "Rejected; the companion is told the reason.",
    ),
    "web.review.already": ("Sudah ditinjau oleh {name}: {status}.", "Reviewed already by {name}: {status}."),
    "web.review.more": ("Berikutnya", "More"),
    "web.today.empty": (
        "Belum ada laporan hari ini. Laporan baru muncul di sini tanpa memuat ulang.",
        "No report yet today. New reports show here without reloading.",
    ),
}


class _CatalogueFormatter(string.Formatter):
    """`str.format`, plus `{count:household|households}`: the number followed by the word that
    agrees with it (English nouns change with the number; Indonesian ones do not)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" in format_spec:
            one, many = format_spec.split("|", 1)
            return f"{value} {one if value == 1 else many}"
        return format(value, format_spec)


_FORMATTER = _CatalogueFormatter()


def t(key: str, lang: str = "id", **values: Any) -> str:
    """The text `key` in `lang` as Telegram HTML, with `values` escaped and filled in."""
    escaped = {
        name: value if isinstance(value, int) else html.escape(contained(str(value)), quote=False)
        for name, value in values.items()
    }
    return _FORMATTER.format(_template(key, lang), **escaped)


def t_plain(key: str, lang: str = "id", **values: Any) -> str:
    """The text `key` for a place that shows it as is (button labels, file contents)."""
    contained_values = {name: contained(value) if isinstance(value, str) else value for name, value in values.items()}
    return _FORMATTER.format(_template(key, lang), **contained_values)


def catalogue(prefixes: tuple[str, ...], lang: str) -> dict[str, str]:
    """The texts whose keys start with one of `prefixes`, unfilled, in `lang`: for pages that
    fill them in themselves (the dashboard's, as plain text)."""
    return {key: _template(key, lang) for key in TEXTS if key.startswith(prefixes)}


def _template(key: str, lang: str) -> str:
    indonesian, english = TEXTS[key]
    return english if lang == "en" else indonesian
