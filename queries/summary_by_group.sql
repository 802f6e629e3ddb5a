-- Headline figures (received, satisfied, late, repeats, backlog) for a period, by a grouping.
-- Grain: one row per group (a single row 'all' when $group_by = 'none'); summed from
--   `cells_in` (the rollup for whole months, appeals for the rest).
-- params: $period_start DATE, $period_end DATE (inclusive, on received_date);
--   $as_of DATE (late and backlog are judged on this date); $data_as_of DATE (the store's
--   latest snapshot, which the rollup is judged on; queries.run supplies it);
--   $group_by VARCHAR: none | level | region | body | category | section;
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: group_code VARCHAR, n_received, n_satisfied, n_partially_satisfied, n_late,
--   n_repeat, n_justified_repeat, n_collective, n_backlog, n_closed (answered),
--   n_outcome_unknown (answered, outcome not known) BIGINT;
--   satisfied_share, late_share, repeat_share DOUBLE (0-1 fractions of n_received)
with
scoped as (
    select *
    from cells_in(
        $period_start, $period_end, $as_of, $data_as_of,
        $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
    )
),
grouped as (
    select
        group_code(
            $group_by, appeal_type, body_level, body_id, region_code, section_code,
            category_code
        ) as group_code,
        sum(n_received)::bigint as n_received,
        sum(n_satisfied)::bigint as n_satisfied,
        sum(n_partially_satisfied)::bigint as n_partially_satisfied,
        sum(n_late)::bigint as n_late,
        sum(n_repeat)::bigint as n_repeat,
        sum(n_justified_repeat)::bigint as n_justified_repeat,
        sum(n_collective)::bigint as n_collective,
        sum(n_backlog)::bigint as n_backlog,
        sum(n_closed)::bigint as n_closed,
        sum(n_outcome_unknown)::bigint as n_outcome_unknown,
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
