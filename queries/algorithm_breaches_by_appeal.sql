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
checked as (
    select *
    from appeals_in(
        $period_start, least($period_end, $as_of),
        $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
    )
    where signed_level is not null
),

rules as (
    select unnest(['rule1', 'rule2', 'rule3', 'rule4', 'legal_basis']) as rule
)

select
    rules.rule,
    checked.appeal_id,
    checked.received_date,
    checked.closed_date,
    checked.body_id,
    checked.region_code,
    checked.category_code,
    checked.appeal_type,
    checked.outcome,
    checked.signed_level,
    checked.earlier_signed_level,
    count(*) over () as n_total,
from checked, rules
where
    (len($rules::varchar[]) = 0 or list_contains($rules::varchar[], rules.rule))
    and algorithm_applies(
        rules.rule, checked.is_repeat, checked.earlier_signed_level, checked.outcome,
        checked.correspondence_ended, checked.signed_level, checked.cites_legal_basis
    )
    and not algorithm_complies(rules.rule, checked.signed_level, checked.cites_legal_basis)
order by checked.received_date desc, checked.appeal_id, rules.rule
limit $limit
offset $offset
