-- How the appeals of a period were answered: outcome by the level that signed the answer.
-- Grain: one row per outcome x signed_level among answered appeals (closed_date set).
-- params: $period_start DATE, $period_end DATE (inclusive, on received_date);
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: outcome VARCHAR, signed_level VARCHAR ('unknown' when not recorded), n BIGINT
--   (answered appeals), n_justified BIGINT (of them judged justified)
select
    coalesce(outcome, 'unknown') as outcome,
    coalesce(signed_level, 'unknown') as signed_level,
    count(*) as n,
    count(*) filter (where justified) as n_justified,
from appeals_in(
    $period_start, $period_end,
    $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
)
where closed_date is not null
group by all
order by n desc, outcome, signed_level
