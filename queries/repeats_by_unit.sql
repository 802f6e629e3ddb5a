-- Repeat appeals by one or two groupings, in a period and in the same period a year before.
-- Grain: one row per (group_code, group_code2) present in either period; read from `appeals`
--   (not the monthly rollup) so that periods need not be whole months.
-- params: $period_start DATE, $period_end DATE (the current period, inclusive, on
--   received_date); $base_start DATE, $base_end DATE (the comparison period, inclusive);
--   $group_by, $group_by2 VARCHAR: level | body | region | section | category (anything
--   else, e.g. 'none': one group 'all');
--   $section VARCHAR (a two-digit section code: only its topics; '' = every section);
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: group_code, group_code2 VARCHAR; n BIGINT (appeals received in the period),
--   n_repeat BIGINT (of them repeats, def: repeat_of set), n_justified_repeat BIGINT (repeats
--   whose answer found them justified); n_base, n_repeat_base BIGINT (the same counts in the
--   base period)
with
scoped as (
    select
        *,
        received_date between $period_start and $period_end as in_current,
        received_date between $base_start and $base_end as in_base,
    from appeals_in(
        least($period_start, $base_start), greatest($period_end, $base_end),
        $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
    )
    where $section = '' or section_code = $section
)

select
    group_code(
        $group_by, appeal_type, body_level, body_id, region_code, section_code, category_code
    ) as group_code,
    group_code(
        $group_by2, appeal_type, body_level, body_id, region_code, section_code, category_code
    ) as group_code2,
    count(*) filter (where in_current) as n,
    count(*) filter (where in_current and is_repeat) as n_repeat,
    count(*) filter (where in_current and is_repeat and justified) as n_justified_repeat,
    count(*) filter (where in_base) as n_base,
    count(*) filter (where in_base and is_repeat) as n_repeat_base,
from scoped
where in_current or in_base
group by all
order by group_code, group_code2
