-- A region's appeals by topic over the last four quarters and the four before, to find emerging topics.
-- Grain: one row per category x span; the windows end on the period's end (or $as_of if
--   earlier): 'recent' = the 12 months up to it, 'before' = the 12 months before those;
--   summed from `cells_in_periods`.
-- params: $period_end DATE (the windows end here; the period's start is not used);
--   $as_of DATE (appeals received after it are not yet known); $data_as_of DATE (the
--   store's latest snapshot: counts of receipt do not depend on it, it lets the rollup answer);
--   $region_code VARCHAR (the region; '' = every region in the filters);
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: category_code VARCHAR, span VARCHAR ('recent' | 'before'), n_received BIGINT
select
    category_code,
    case when in_current then 'recent' else 'before' end as span,
    sum(n_received)::bigint as n_received,
from cells_in_periods(
    (least($period_end, $as_of)::date - interval 12 month + interval 1 day)::date,
    least($period_end, $as_of)::date,
    (least($period_end, $as_of)::date - interval 24 month + interval 1 day)::date,
    (least($period_end, $as_of)::date - interval 12 month)::date,
    $data_as_of,
    $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
)
where $region_code = '' or region_code = $region_code
group by all
having sum(n_received) > 0
order by category_code, span
