"""Texts of every conversation: greetings, help, refusals, errors, long messages.

Each text in Bahasa Indonesia first, English second; `bot.texts` joins the features."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
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
    "flood.too_many": (
        "Terlalu banyak pesan, tunggu sebentar. Pesan yang Anda kirim terlalu cepat tidak dibaca: setelah "
        "bot menjawab pesan sebelumnya, kirim lagi foto atau pesan yang belum dijawab.",
        "Too many messages, please wait a moment. Messages you sent too fast were not read: once the bot "
        "has answered the earlier ones, send again any photo or message that got no answer.",
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
    "cancel.nothing": ("Tidak ada yang perlu dibatalkan.", "There is nothing to cancel."),
}
