-- Compliance with the review algorithm per body and quarter: answers each rule applies to, and compliant ones.
-- Grain: one row per body x quarter of receipt (pages sum quarters for the body x rule table and
--   bodies for the trend); answers of appeals received in the period, current state.
-- params: $period_start DATE, $period_end DATE (inclusive, on received_date);
--   $as_of DATE (appeals received after it are not yet known);
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: body_id VARCHAR, body_level VARCHAR, quarter_start DATE (first day of the quarter);
--   for each rule of rule1, rule2, rule3, rule4, legal_basis: n_<rule> BIGINT (answers the rule
--   applies to) and n_ok_<rule> BIGINT (of them compliant)
with
checked as (
    -- earlier_signed_level: the answer a repeat follows, joined once when the store is built
    select
        body_id,
        body_level,
        date_trunc('quarter', received_date)::date as quarter_start,
        algorithm_applies(
            'rule1', is_repeat, earlier_signed_level, outcome, correspondence_ended, signed_level,
            cites_legal_basis
        ) as applies_rule1,
        algorithm_complies('rule1', signed_level, cites_legal_basis) as complies_rule1,
        algorithm_applies(
            'rule2', is_repeat, earlier_signed_level, outcome, correspondence_ended, signed_level,
            cites_legal_basis
        ) as applies_rule2,
        algorithm_complies('rule2', signed_level, cites_legal_basis) as complies_rule2,
        algorithm_applies(
            'rule3', is_repeat, earlier_signed_level, outcome, correspondence_ended, signed_level,
            cites_legal_basis
        ) as applies_rule3,
        algorithm_complies('rule3', signed_level, cites_legal_basis) as complies_rule3,
        algorithm_applies(
            'rule4', is_repeat, earlier_signed_level, outcome, correspondence_ended, signed_level,
            cites_legal_basis
        ) as applies_rule4,
        algorithm_complies('rule4', signed_level, cites_legal_basis) as complies_rule4,
        algorithm_applies(
            'legal_basis', is_repeat, earlier_signed_level, outcome, correspondence_ended, signed_level,
            cites_legal_basis
        ) as applies_legal_basis,
        algorithm_complies('legal_basis', signed_level, cites_legal_basis) as complies_legal_basis,
    from appeals_in(
        $period_start, least($period_end, $as_of),
        $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
    )
    where signed_level is not null
)

select
    body_id,
    body_level,
    quarter_start,
    count(*) filter (where applies_rule1) as n_rule1,
    count(*) filter (where applies_rule1 and complies_rule1) as n_ok_rule1,
    count(*) filter (where applies_rule2) as n_rule2,
    count(*) filter (where applies_rule2 and complies_rule2) as n_ok_rule2,
    count(*) filter (where applies_rule3) as n_rule3,
    count(*) filter (where applies_rule3 and complies_rule3) as n_ok_rule3,
    count(*) filter (where applies_rule4) as n_rule4,
    count(*) filter (where applies_rule4 and complies_rule4) as n_ok_rule4,
    count(*) filter (where applies_legal_basis) as n_legal_basis,
    count(*) filter (where applies_legal_basis and complies_legal_basis) as n_ok_legal_basis,
from checked
group by all
order by body_id, quarter_start
