-- Compliance with the review algorithm per body and quarter: answers each rule applies to, and compliant ones.
-- Grain: one row per body x quarter of receipt (pages sum quarters for the body x rule table and
--   bodies for the trend); answers of appeals received in the period, current state; summed
--   from `cells_in` (the rules are judged once per answer when the store is built).
-- params: $period_start DATE, $period_end DATE (inclusive, on received_date);
--   $as_of DATE (appeals received after it are not yet known); $data_as_of DATE (the store's
--   latest snapshot, which the rollup is judged on);
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: body_id VARCHAR, body_level VARCHAR, quarter_start DATE (first day of the quarter);
--   for each rule of rule1, rule2, rule3, rule4, legal_basis: n_<rule> BIGINT (answers the rule
--   applies to) and n_ok_<rule> BIGINT (of them compliant)
select
    body_id,
    body_level,
    date_trunc('quarter', received_month)::date as quarter_start,
    sum(n_rule1)::bigint as n_rule1,
    sum(n_ok_rule1)::bigint as n_ok_rule1,
    sum(n_rule2)::bigint as n_rule2,
    sum(n_ok_rule2)::bigint as n_ok_rule2,
    sum(n_rule3)::bigint as n_rule3,
    sum(n_ok_rule3)::bigint as n_ok_rule3,
    sum(n_rule4)::bigint as n_rule4,
    sum(n_ok_rule4)::bigint as n_ok_rule4,
    sum(n_legal_basis)::bigint as n_legal_basis,
    sum(n_ok_legal_basis)::bigint as n_ok_legal_basis,
from cells_in(
    $period_start, least($period_end, $as_of), $as_of, $data_as_of,
    $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
)
group by all
order by body_id, quarter_start
