-- The three evaluation criteria's counts per body and quarter of receipt, within the filters.
-- Grain: one row per body x quarter of receipt (the page sums quarters for the period and
--   shows them apart on a body's card); summed from `cells_in`, which counts the appeals
--   themselves when $as_of is not the data's latest snapshot.
-- params: $period_start DATE, $period_end DATE (inclusive, on received_date);
--   $as_of DATE (late is judged on this date; appeals received after it are not yet known);
--   $data_as_of DATE (the store's latest snapshot, which the rollup is judged on);
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: body_id VARCHAR, body_level VARCHAR, quarter_start DATE (first day of the quarter);
--   n_received, n_late, n_justified_repeat, n_satisfied BIGINT (appeals)
select
    body_id,
    body_level,
    date_trunc('quarter', received_month)::date as quarter_start,
    sum(n_received)::bigint as n_received,
    sum(n_late)::bigint as n_late,
    sum(n_justified_repeat)::bigint as n_justified_repeat,
    sum(n_satisfied)::bigint as n_satisfied,
from cells_in(
    $period_start, least($period_end, $as_of), $as_of, $data_as_of,
    $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
)
group by all
order by body_id, quarter_start
