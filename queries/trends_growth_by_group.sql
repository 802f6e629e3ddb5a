-- Appeals received in a period and in a base period (a year or three before), by a grouping.
-- Grain: one row per group present in either period; summed from `cells_in_periods` (whole
--   months from the rollup, partial ones from the appeals, so periods need not be whole
--   months).
-- params: $period_start DATE, $period_end DATE (the current period, inclusive, on
--   received_date); $base_start DATE, $base_end DATE (the base period, inclusive);
--   $group_by VARCHAR: type | level | region | section | category (anything else: 'all');
--   $data_as_of DATE (the store's latest snapshot: volumes do not depend on it, it lets the
--   rollup answer); $levels, $body_ids, $region_codes, $category_codes, $appeal_types,
--   $channels VARCHAR[] (empty = all)
-- output: group_code VARCHAR; n_current, n_base BIGINT (appeals received in each period)
select
    group_code(
        $group_by, appeal_type, body_level, body_id, region_code, section_code,
        category_code
    ) as group_code,
    coalesce(sum(n_received) filter (where in_current), 0)::bigint as n_current,
    coalesce(sum(n_received) filter (where not in_current), 0)::bigint as n_base,
from cells_in_periods(
    $period_start, $period_end, $base_start, $base_end, $data_as_of,
    $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
)
group by all
order by group_code
