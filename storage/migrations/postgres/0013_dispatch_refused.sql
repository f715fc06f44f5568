-- A scheduled send Telegram refused for good is 'refused' (PostgreSQL's version of
-- ../0013_dispatch_refused.sql, which says why; PostgreSQL changes the CHECK in place).
ALTER TABLE dispatch_log DROP CONSTRAINT dispatch_log_status_check;
ALTER TABLE dispatch_log ADD CONSTRAINT dispatch_log_status_check
    CHECK (status IN ('pending', 'sent', 'failed', 'blocked', 'refused'));
