-- The three evaluation criteria's counts per body and quarter of receipt, within the filters.
-- Grain: one row per body x quarter of receipt (the page sums quarters for the period and
--   shows them apart on a body's card); read from `appeals` because "late" depends on $as_of.
-- params: $period_start DATE, $period_end DATE (inclusive, on received_date);
--   $as_of DATE (late is judged on this date; appeals received after it are not yet known);
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: body_id VARCHAR, body_level VARCHAR, quarter_start DATE (first day of the quarter);
--   n_received, n_late, n_justified_repeat, n_satisfied BIGINT (appeals)
select
    body_id,
    body_level,
    date_trunc('quarter', received_date)::date as quarter_start,
    count(*) as n_received,
    count(*) filter (where is_late(due_date, closed_date, $as_of)) as n_late,
    count(*) filter (where is_repeat and justified) as n_justified_repeat,
    count(*) filter (where outcome = 'satisfied') as n_satisfied,
from appeals_in(
    $period_start, least($period_end, $as_of),
    $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
)
group by all
order by body_id, quarter_start
