-- Appeals still open on an as-of date by age (days since receipt), with how many are past due.
-- Grain: one row per age bucket, always all four (0-15, 16-30, 31-60, 60+ days), zeros
--   included. The period filter does not apply: the backlog is a stock on the date, so it holds
--   everything received by then and not yet answered, however long ago it came in.
-- params: $as_of DATE (the date the backlog is taken on); $data_as_of DATE (the store's latest
--   snapshot; queries.run supplies it);
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: age_bucket VARCHAR ('0-15' | '16-30' | '31-60' | '60+', in that order),
--   min_age_days, max_age_days INTEGER (bucket bounds in days; max null for 60+),
--   n_backlog BIGINT (open on the date), n_overdue BIGINT (of them past their due date)
with
buckets as (
    select *
    from (
        values
            ('0-15', 0, 15),
            ('16-30', 16, 30),
            ('31-60', 31, 60),
            ('60+', 61, null)
    ) as b (age_bucket, min_age_days, max_age_days)
),

open_appeals as (
    select
        ($as_of::date - received_date) as age_days,
        is_late(due_date, closed_date, $as_of) as is_overdue,
    from open_on($as_of, $data_as_of)
    where
        in_filters(
            $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels,
            body_level, body_id, region_code, category_code, section_code, topic_code,
            appeal_type, channel
        )
)

select
    buckets.age_bucket,
    buckets.min_age_days,
    buckets.max_age_days,
    count(open_appeals.age_days) as n_backlog,
    count(open_appeals.age_days) filter (where open_appeals.is_overdue) as n_overdue,
from buckets
left join open_appeals
    on
        open_appeals.age_days >= buckets.min_age_days
        and (buckets.max_age_days is null or open_appeals.age_days <= buckets.max_age_days)
group by all
order by buckets.min_age_days
