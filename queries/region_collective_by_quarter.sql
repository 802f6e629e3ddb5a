-- A region's collective appeals by quarter of receipt and topic: how many, how many signed them.
-- Grain: one row per quarter x category with collective appeals, within the period; summed
--   from `cells_in`.
-- params: $period_start DATE, $period_end DATE (inclusive, on received_date);
--   $as_of DATE (appeals received after it are not yet known); $data_as_of DATE (the
--   store's latest snapshot: counts of receipt do not depend on it, it lets the rollup answer);
--   $region_code VARCHAR (the region; '' = every region in the filters);
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: quarter_start DATE (first day of the quarter), category_code VARCHAR;
--   n_collective BIGINT (collective appeals), n_signatories BIGINT (their signatories)
select
    date_trunc('quarter', received_month)::date as quarter_start,
    category_code,
    sum(n_collective)::bigint as n_collective,
    sum(n_collective_signatories)::bigint as n_signatories,
from cells_in(
    $period_start, least($period_end, $as_of), $data_as_of, $data_as_of,
    $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
)
where $region_code = '' or region_code = $region_code
group by all
having sum(n_collective) > 0
order by quarter_start, category_code
