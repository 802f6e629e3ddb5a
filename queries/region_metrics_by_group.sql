-- Received, late, repeat, satisfied and collective appeals by region, body or category, optionally of one region.
-- Grain: one row per group (cumulative over the period); summed from `cells_in`, which counts
--   the appeals themselves when $as_of is not the data's latest snapshot.
-- params: $period_start DATE, $period_end DATE (inclusive, on received_date);
--   $as_of DATE (late is judged on this date; appeals received after it are not yet known);
--   $data_as_of DATE (the store's latest snapshot, which the rollup is judged on);
--   $group_by VARCHAR: region | body | category (anything else: one group 'all');
--   $region_code VARCHAR (only appeals concerning this region; '' = every region in the
--   filters); $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
--   VARCHAR[] (empty = all; the access scope arrives in $region_codes)
-- output: group_code VARCHAR; n_received, n_late, n_repeat, n_justified_repeat, n_satisfied,
--   n_collective, n_signatories BIGINT (appeals; signatories of collective appeals);
--   late_share, repeat_share, satisfied_share DOUBLE (0-1 fractions of n_received)
with
grouped as (
    select
        group_code(
            $group_by, appeal_type, body_level, body_id, region_code, section_code,
            category_code
        ) as group_code,
        sum(n_received)::bigint as n_received,
        sum(n_late)::bigint as n_late,
        sum(n_repeat)::bigint as n_repeat,
        sum(n_justified_repeat)::bigint as n_justified_repeat,
        sum(n_satisfied)::bigint as n_satisfied,
        sum(n_collective)::bigint as n_collective,
        sum(n_collective_signatories)::bigint as n_signatories,
    from cells_in(
        $period_start, least($period_end, $as_of), $as_of, $data_as_of,
        $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
    )
    where $region_code = '' or region_code = $region_code
    group by all
)

select
    *,
    n_late / n_received as late_share,
    n_repeat / n_received as repeat_share,
    n_satisfied / n_received as satisfied_share,
from grouped
order by n_received desc, group_code
