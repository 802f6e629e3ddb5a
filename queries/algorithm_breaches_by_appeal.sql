-- Answers that breach a rule of the review algorithm: the list to drill into, newest first.
-- Grain: one row per appeal x breached rule, paged. No applicant column: the list is
--   pseudonymised by leaving the applicant out altogether.
-- params: $period_start DATE, $period_end DATE (inclusive, on received_date);
--   $as_of DATE (appeals received after it are not yet known);
--   $rules VARCHAR[] (rules listed: rule1, rule2, rule3, rule4, legal_basis; empty = all);
--   $limit INTEGER (rows per page), $offset INTEGER (rows skipped, 0 for the first page);
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: rule VARCHAR, appeal_id VARCHAR, received_date DATE, closed_date DATE, body_id,
--   region_code, category_code, appeal_type, outcome, signed_level VARCHAR,
--   earlier_signed_level VARCHAR (signature of the answer a repeat follows, or null),
--   n_total BIGINT (rows of the whole list before paging, the same on every row)
with
listed as (
    select *
    from algorithm_breaches
    where
        received_date between $period_start and least($period_end, $as_of)
        and in_filters(
            $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels,
            body_level, body_id, region_code, category_code, section_code, topic_code,
            appeal_type, channel
        )
        and (len($rules::varchar[]) = 0 or list_contains($rules::varchar[], rule))
)

select
    rule,
    appeal_id,
    received_date,
    closed_date,
    body_id,
    region_code,
    category_code,
    appeal_type,
    outcome,
    signed_level,
    earlier_signed_level,
    (select count(*) from listed) as n_total,
from listed
order by received_date desc, appeal_id, rule
limit $limit
offset $offset
