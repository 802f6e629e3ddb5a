-- The appeals a page's filters select: received in a period and matching every filter list.
-- Grain: table macro over `appeals` (one row per appeal); defined once the table exists.
-- params: none (macro arguments: period_start DATE, period_end DATE (inclusive, on
--   received_date); levels, body_ids, region_codes, category_codes, appeal_types, channels
--   VARCHAR[] (empty = all), passed on to in_filters)
-- output: appeals_in(...) -> the columns of `appeals`
create or replace macro appeals_in(
    period_start, period_end, levels, body_ids, region_codes, category_codes, appeal_types,
    channels
) as table
select *
from appeals
where
    received_date between period_start and period_end
    and in_filters(
        levels, body_ids, region_codes, category_codes, appeal_types, channels,
        body_level, body_id, region_code, category_code, section_code, topic_code,
        appeal_type, channel
    )
