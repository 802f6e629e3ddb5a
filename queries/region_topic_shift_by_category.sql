-- A region's appeals by topic over the last four quarters and the four before, to find emerging topics.
-- Grain: one row per category x span; the windows end on the period's end (or $as_of if
--   earlier): 'recent' = the 12 months up to it, 'before' = the 12 months before those.
-- params: $period_end DATE (the windows end here; the period's start is not used);
--   $as_of DATE (appeals received after it are not yet known);
--   $region_code VARCHAR (the region; '' = every region in the filters);
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: category_code VARCHAR, span VARCHAR ('recent' | 'before'), n_received BIGINT
with
scoped as (
    select
        category_code,
        case
            when received_date > least($period_end, $as_of)::date - interval 12 month
                then 'recent'
            else 'before'
        end as span,
    from appeals_in(
        (least($period_end, $as_of)::date - interval 24 month + interval 1 day)::date,
        least($period_end, $as_of),
        $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
    )
    where $region_code = '' or region_code = $region_code
)

select
    category_code,
    span,
    count(*) as n_received,
from scoped
group by all
order by category_code, span
