-- A region's collective appeals by quarter of receipt and topic: how many, how many signed them.
-- Grain: one row per quarter x category (collective appeals only, within the period).
-- params: $period_start DATE, $period_end DATE (inclusive, on received_date);
--   $as_of DATE (appeals received after it are not yet known);
--   $region_code VARCHAR (the region; '' = every region in the filters);
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: quarter_start DATE (first day of the quarter), category_code VARCHAR;
--   n_collective BIGINT (collective appeals), n_signatories BIGINT (their signatories)
select
    date_trunc('quarter', received_date)::date as quarter_start,
    category_code,
    count(*) as n_collective,
    sum(signatories)::bigint as n_signatories,
from appeals_in(
    $period_start, least($period_end, $as_of),
    $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
)
where is_collective and ($region_code = '' or region_code = $region_code)
group by all
order by quarter_start, category_code
