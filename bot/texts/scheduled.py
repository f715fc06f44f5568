"""Reminders and what the scheduled sends tell the admins (blocked recipients).

Each text in Bahasa Indonesia first, English second; `bot.texts` joins the features."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "delivery.job.weekly_digest": ("ringkasan mingguan", "weekly digest"),
    "delivery.job.reminders": ("pengingat kunjungan", "visit reminders"),
    "delivery.job.alert": ("peringatan laporan", "report alerts"),
    "delivery.job.proposal": ("usulan koordinat", "coordinate proposals"),
    "delivery.job.review_notice": ("pemberitahuan hasil tinjauan", "review notices"),
    "delivery.kind.reply": ("balasan bot", "a reply"),
    "delivery.refused": (
        "⚠️ Telegram menolak {what} untuk {whom}, dan pesan itu tidak akan dikirim ulang. Alasan dari "
        "Telegram: <i>{reason}</i>\nPenolakan lain dengan alasan yang sama tidak diberitahukan lagi hari "
        "ini; <code>python -m bot status</code> menghitung semuanya.",
        "⚠️ Telegram refused {what} for {whom}, and the message will not be sent again. Telegram's "
        "reason: <i>{reason}</i>\nFurther refusals for the same reason are not told again today; "
        "<code>python -m bot status</code> counts them all.",
    ),
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
    # The households open tasks wait for, first in the reminder
    "reminder.tasks_header": (
        "📋 <b>{count} KPM dalam tugas</b> (tenggat terdekat dulu):",
        "📋 <b>{count:household|households} in tasks</b> (nearest due date first):",
    ),
    "reminder.task_line": (
        "• {name} ({desa}) — tugas #{task}, tenggat {due}",
        "• {name} ({desa}) — task #{task}, due {due}",
    ),
    "reminder.task_line_no_due": ("• {name} ({desa}) — tugas #{task}", "• {name} ({desa}) — task #{task}"),
    "reminder.tasks_more": (
        "…dan {count} KPM tugas lainnya (lihat /tugassaya).",
        "…and {count} more task households (see /tugassaya).",
    ),
}
