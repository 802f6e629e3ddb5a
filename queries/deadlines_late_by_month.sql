-- Late answers and extended deadlines per month of receipt, judged on an as-of date.
-- Grain: one row per received_month (a month's figures, not cumulative); summed from
--   `cells_in`, which counts the appeals themselves when the chosen date is not the latest.
-- params: $period_start DATE, $period_end DATE (inclusive, on received_date);
--   $as_of DATE (late is judged on this date; appeals received after it are not yet known);
--   $data_as_of DATE (the store's latest snapshot, which the rollup is judged on);
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: received_month DATE; n_received, n_late, n_extended BIGINT;
--   late_share, extended_share DOUBLE (0-1 fractions of n_received)
with
scoped as (
    select *
    from cells_in(
        $period_start, least($period_end, $as_of), $as_of, $data_as_of,
        $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
    )
),

monthly as (
    select
        received_month,
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
from monthly
order by received_month
