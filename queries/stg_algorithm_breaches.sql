-- The answers that breach a rule of the review algorithm, judged once per build: the list
-- algorithm_breaches_by_appeal pages through, so a page of it reads breaches only.
-- Grain: one row per appeal x breached rule (algorithm_breach_rows, the definition), for
--   every appeal; a full build only (an incremental update replaces the rows of the appeals
--   it changed: stg_algorithm_breaches_delete/_insert). Sorted by received_date, so a
--   period's rows are a few row groups.
-- params: none
-- output: table algorithm_breaches (the columns of algorithm_breach_rows)
create or replace table algorithm_breaches as
select *
from algorithm_breach_rows
order by received_date, appeal_id, rule
