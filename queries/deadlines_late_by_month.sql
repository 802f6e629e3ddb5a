-- Late answers and extended deadlines per month of receipt, judged on an as-of date.
-- Grain: one row per received_month (a month's figures, not cumulative); read from `appeals`
--   because "late" depends on the chosen date (rollup_monthly knows only the latest snapshot).
-- params: $period_start DATE, $period_end DATE (inclusive, on received_date);
--   $as_of DATE (late is judged on this date; appeals received after it are not yet known);
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: received_month DATE; n_received, n_late, n_extended BIGINT;
--   late_share, extended_share DOUBLE (0-1 fractions of n_received)
with
scoped as (
    select *
    from appeals_in(
        $period_start, least($period_end, $as_of),
        $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
    )
),

monthly as (
    select
        received_month,
        count(*) as n_received,
        count(*) filter (where is_late(due_date, closed_date, $as_of)) as n_late,
        count(*) filter (where extended) as n_extended,
    from scoped
    group by all
)

select
    *,
    n_late / n_received as late_share,
    n_extended / n_received as extended_share,
from monthly
order by received_month
