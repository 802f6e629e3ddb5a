-- Repeat appeals by one or two groupings, in a period and in the same period a year before.
-- Grain: one row per (group_code, group_code2) present in either period; summed from
--   `cells_in_periods` (whole months from the rollup, partial ones from the appeals).
-- params: $period_start DATE, $period_end DATE (the current period, inclusive, on
--   received_date); $base_start DATE, $base_end DATE (the comparison period, inclusive);
--   $group_by, $group_by2 VARCHAR: level | body | region | section | category (anything
--   else, e.g. 'none': one group 'all');
--   $section VARCHAR (a two-digit section code: only its topics; '' = every section);
--   $data_as_of DATE (the store's latest snapshot: counts do not depend on it, it lets the
--   rollup answer); $levels, $body_ids, $region_codes, $category_codes, $appeal_types,
--   $channels VARCHAR[] (empty = all)
-- output: group_code, group_code2 VARCHAR; n BIGINT (appeals received in the period),
--   n_repeat BIGINT (of them repeats, def: repeat_of set), n_justified_repeat BIGINT (repeats
--   whose answer found them justified); n_base, n_repeat_base BIGINT (the same counts in the
--   base period)
select
    group_code(
        $group_by, appeal_type, body_level, body_id, region_code, section_code, category_code
    ) as group_code,
    group_code(
        $group_by2, appeal_type, body_level, body_id, region_code, section_code, category_code
    ) as group_code2,
    coalesce(sum(n_received) filter (where in_current), 0)::bigint as n,
    coalesce(sum(n_repeat) filter (where in_current), 0)::bigint as n_repeat,
    coalesce(sum(n_justified_repeat) filter (where in_current), 0)::bigint as n_justified_repeat,
    coalesce(sum(n_received) filter (where not in_current), 0)::bigint as n_base,
    coalesce(sum(n_repeat) filter (where not in_current), 0)::bigint as n_repeat_base,
from cells_in_periods(
    $period_start, $period_end, $base_start, $base_end, $data_as_of,
    $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
)
where $section = '' or section_code = $section
group by all
order by group_code, group_code2
