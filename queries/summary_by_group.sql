-- Headline figures (received, satisfied, late, repeats, backlog) for a period, by a grouping.
-- Grain: one row per group (a single row 'all' when $group_by = 'none').
-- params: $period_start DATE, $period_end DATE (inclusive, on received_date);
--   $as_of DATE (late and backlog are judged on this date);
--   $group_by VARCHAR: none | level | region | body | category | section;
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: group_code VARCHAR, n_received, n_satisfied, n_partially_satisfied, n_late,
--   n_repeat, n_justified_repeat, n_collective, n_backlog BIGINT;
--   satisfied_share, late_share, repeat_share DOUBLE (0-1 fractions of n_received)
with
scoped as (
    select *
    from appeals_in(
        $period_start, $period_end,
        $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
    )
),
grouped as (
    select
        group_code(
            $group_by, appeal_type, body_level, body_id, region_code, section_code,
            category_code
        ) as group_code,
        count(*) as n_received,
        count(*) filter (where outcome = 'satisfied') as n_satisfied,
        count(*) filter (where outcome = 'partially_satisfied') as n_partially_satisfied,
        count(*) filter (where is_late(due_date, closed_date, $as_of)) as n_late,
        count(*) filter (where is_repeat) as n_repeat,
        count(*) filter (where is_repeat and justified) as n_justified_repeat,
        count(*) filter (where is_collective) as n_collective,
        count(*) filter (where is_backlog(received_date, closed_date, $as_of)) as n_backlog,
    from scoped
    group by all
)
select
    *,
    n_satisfied / n_received as satisfied_share,
    n_late / n_received as late_share,
    n_repeat / n_received as repeat_share,
from grouped
order by n_received desc, group_code
