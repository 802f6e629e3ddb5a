-- The appeals of one unit (a hotspot, a heatmap cell, a topic) in a period: the drill-down list.
-- Grain: one row per appeal, paged, newest first. No applicant column: the list is
--   pseudonymised by leaving the applicant out altogether.
-- params: $period_start DATE, $period_end DATE (inclusive, on received_date);
--   $group_by, $group_by2 VARCHAR (groupings as in group_code; 'none' = everything) and
--   $group_code, $group_code2 VARCHAR (the unit's codes; 'all' with 'none');
--   $only_repeats BOOLEAN (true: repeats only); $as_of DATE (late is judged on it);
--   $limit INTEGER (rows per page), $offset INTEGER (rows skipped, 0 for the first page);
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: appeal_id VARCHAR, received_date DATE, appeal_type, body_id, region_code,
--   category_code VARCHAR, is_repeat BOOLEAN, repeat_of VARCHAR (the appeal it repeats),
--   is_collective BOOLEAN, closed_date DATE, outcome, signed_level VARCHAR, justified
--   BOOLEAN, is_late BOOLEAN (on $as_of), n_total BIGINT (rows before paging, on every row)
with
matching as not materialized (
    select *
    from appeals_in(
        $period_start, $period_end,
        $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
    )
    where
        (not $only_repeats or is_repeat)
        and group_code(
            $group_by, appeal_type, body_level, body_id, region_code, section_code, category_code
        ) = $group_code
        and group_code(
            $group_by2, appeal_type, body_level, body_id, region_code, section_code, category_code
        ) = $group_code2
),

-- counted apart from the page: a count over a window would hold every match and rule out
-- the top-N sort a page of 50 needs
total as (
    select count(*) as n_total from matching
),

page as (
    select
        appeal_id,
        received_date,
        appeal_type,
        body_id,
        region_code,
        category_code,
        is_repeat,
        repeat_of,
        is_collective,
        closed_date,
        outcome,
        signed_level,
        justified,
        is_late(due_date, closed_date, $as_of) as is_late,
    from matching
    order by received_date desc, appeal_id
    limit $limit
    offset $offset
)

select page.*, total.n_total,
from page, total
order by page.received_date desc, page.appeal_id
