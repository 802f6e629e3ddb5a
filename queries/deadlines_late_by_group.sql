-- Late answers and extended deadlines for a period by body, region or category, on an as-of date.
-- Grain: one row per group (cumulative over the whole period); summed from `cells_in`, which
--   counts the appeals themselves when the chosen date is not the data's latest.
-- params: $period_start DATE, $period_end DATE (inclusive, on received_date);
--   $as_of DATE (late is judged on this date; appeals received after it are not yet known);
--   $data_as_of DATE (the store's latest snapshot, which the rollup is judged on);
--   $group_by VARCHAR: body | region | section | category (anything else: one group 'all');
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: group_code VARCHAR; n_received, n_late, n_extended BIGINT;
--   late_share, extended_share DOUBLE (0-1 fractions of n_received)
with
scoped as (
    select *
    from cells_in(
        $period_start, least($period_end, $as_of), $as_of, $data_as_of,
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
        sum(n_late)::bigint as n_late,
        sum(n_extended)::bigint as n_extended,
    from scoped
    group by all
)

select
    *,
    n_late / n_received as late_share,
    n_extended / n_received as extended_share,
from grouped
order by late_share desc, group_code
