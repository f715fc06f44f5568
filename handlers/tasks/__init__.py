"""Tasks and announcements: /tugas for the office (the list, a task's detail, the journey that
makes or edits one, its withdrawal), /tugassaya and ✅ Siap for companions."""
