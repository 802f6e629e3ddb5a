-- Appeals received in a period and in a base period (a year or three before), by a grouping.
-- Grain: one row per group present in either period; read from `appeals` (not the monthly
--   rollup) so that periods need not be whole months.
-- params: $period_start DATE, $period_end DATE (the current period, inclusive, on
--   received_date); $base_start DATE, $base_end DATE (the base period, inclusive);
--   $group_by VARCHAR: type | level | region | section | category (anything else: 'all');
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: group_code VARCHAR; n_current, n_base BIGINT (appeals received in each period)
with
scoped as (
    select *
    from appeals_in(
        least($period_start, $base_start), greatest($period_end, $base_end),
        $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
    )
    where
        received_date between $period_start and $period_end
        or received_date between $base_start and $base_end
)

select
    group_code(
        $group_by, appeal_type, body_level, body_id, region_code, section_code,
        category_code
    ) as group_code,
    count(*) filter (where received_date between $period_start and $period_end) as n_current,
    count(*) filter (where received_date between $base_start and $base_end) as n_base,
from scoped
group by all
order by group_code
