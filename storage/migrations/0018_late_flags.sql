-- A flag a later report puts on an earlier one (impossible travel) names that later report in
-- related_visit_id: the dashboard's index finds the flags added since its last look by it,
-- every few seconds, instead of showing them at its hourly reading (bot/monitoring/register.py).
CREATE INDEX visit_flags_related ON visit_flags(related_visit_id) WHERE related_visit_id IS NOT NULL;
