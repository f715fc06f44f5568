-- A confirmation too long for one Telegram message is queued shortened, and the whole of it as a
-- second outbox message sent as a text file of this name (NULL: an ordinary message).
ALTER TABLE outbox ADD COLUMN file_name TEXT;
