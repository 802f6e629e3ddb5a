-- Monthly volumes and shares for the overview's trend strip, summed from `cells_in`.
-- Grain: one row per received_month in the period that has appeals matching the filters
--   (a month counts when its first day lies in [month of $period_start, $period_end]).
-- params: $period_start DATE, $period_end DATE (inclusive, on the month of receipt);
--   $data_as_of DATE (the store's latest snapshot: late and open are judged on it);
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: received_month DATE (first day of the month); n_received, n_satisfied, n_late,
--   n_repeat, n_collective, n_open BIGINT (appeals; late and open as of the latest snapshot);
--   satisfied_share, late_share, repeat_share DOUBLE (0-1 fractions of n_received)
with
scoped as (
    select *
    from cells_in(
        date_trunc('month', $period_start::date)::date, last_day($period_end::date),
        $data_as_of, $data_as_of,
        $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
    )
),
monthly as (
    select
        received_month,
        sum(n_received)::bigint as n_received,
        sum(n_satisfied)::bigint as n_satisfied,
        sum(n_late)::bigint as n_late,
        sum(n_repeat)::bigint as n_repeat,
        sum(n_collective)::bigint as n_collective,
        sum(n_backlog)::bigint as n_open,
    from scoped
    group by all
)
select
    *,
    n_satisfied / n_received as satisfied_share,
    n_late / n_received as late_share,
    n_repeat / n_received as repeat_share,
from monthly
order by received_month
