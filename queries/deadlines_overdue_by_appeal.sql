-- Open appeals past their due date on an as-of date: the list to chase, most overdue first.
-- Grain: one row per appeal, paged. No applicant column: the list is pseudonymised by leaving
--   the applicant out altogether. The period filter does not apply (see the backlog query).
-- params: $as_of DATE (open and overdue on this date); $data_as_of DATE (the store's latest
--   snapshot; queries.run supplies it);
--   $limit INTEGER (rows per page), $offset INTEGER (rows skipped, 0 for the first page);
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: appeal_id VARCHAR, received_date DATE, due_date DATE, days_overdue INTEGER
--   ($as_of minus due_date, days), body_id, region_code, category_code, appeal_type VARCHAR,
--   n_total BIGINT (rows of the whole list before paging, the same on every row)
select
    appeal_id,
    received_date,
    due_date,
    ($as_of::date - due_date) as days_overdue,
    body_id,
    region_code,
    category_code,
    appeal_type,
    count(*) over () as n_total,
from open_on($as_of, $data_as_of)
where
    is_late(due_date, closed_date, $as_of)
    and in_filters(
        $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels,
        body_level, body_id, region_code, category_code, section_code, topic_code,
        appeal_type, channel
    )
order by days_overdue desc, appeal_id
limit $limit
offset $offset
