-- The counts every aggregate figure is made of, counted from the appeals: the one definition
-- the rollup is built with and partial periods are counted with.
-- Grain: table macro; one row per received_month x body x region x category x appeal type.
-- params: none (macro arguments: period_start, period_end DATE (inclusive, on received_date);
--   as_of DATE (late and backlog are judged on it); levels, body_ids, region_codes,
--   category_codes, appeal_types, channels VARCHAR[] (empty = all); skip_start, skip_end
--   DATE: appeals received in [skip_start, skip_end) are left out (the caller has them from
--   the rollup; skip_start = 'infinity' leaves nothing out))
-- output: cells_counted(...) -> received_month DATE, body_id, body_level, region_code,
--   category_code, section_code, topic_code, appeal_type VARCHAR; n_received, n_satisfied,
--   n_partially_satisfied, n_closed (answered), n_outcome_unknown (answered, outcome not
--   known), n_late, n_backlog, n_repeat, n_justified_repeat, n_collective,
--   n_collective_signatories, n_extended BIGINT; for each rule of the review algorithm
--   (rule1, rule2, rule3, rule4, legal_basis): n_<rule> and n_ok_<rule> BIGINT
create or replace macro cells_counted(
    period_start, period_end, as_of,
    levels, body_ids, region_codes, category_codes, appeal_types, channels,
    skip_start, skip_end
) as table
with
checked as (
    -- the review algorithm's rules, judged once per answer (earlier_signed_level: joined
    -- when the store is built)
    select
        *,
        algorithm_applies(
            'rule1', is_repeat, earlier_signed_level, outcome, correspondence_ended,
            signed_level, cites_legal_basis
        ) as applies_rule1,
        algorithm_complies('rule1', signed_level, cites_legal_basis) as complies_rule1,
        algorithm_applies(
            'rule2', is_repeat, earlier_signed_level, outcome, correspondence_ended,
            signed_level, cites_legal_basis
        ) as applies_rule2,
        algorithm_complies('rule2', signed_level, cites_legal_basis) as complies_rule2,
        algorithm_applies(
            'rule3', is_repeat, earlier_signed_level, outcome, correspondence_ended,
            signed_level, cites_legal_basis
        ) as applies_rule3,
        algorithm_complies('rule3', signed_level, cites_legal_basis) as complies_rule3,
        algorithm_applies(
            'rule4', is_repeat, earlier_signed_level, outcome, correspondence_ended,
            signed_level, cites_legal_basis
        ) as applies_rule4,
        algorithm_complies('rule4', signed_level, cites_legal_basis) as complies_rule4,
        algorithm_applies(
            'legal_basis', is_repeat, earlier_signed_level, outcome, correspondence_ended,
            signed_level, cites_legal_basis
        ) as applies_legal_basis,
        algorithm_complies('legal_basis', signed_level, cites_legal_basis) as complies_legal_basis,
    from appeals
)

select
    received_month,
    body_id,
    body_level,
    region_code,
    category_code,
    section_code,
    topic_code,
    appeal_type,
    count(*) as n_received,
    count(*) filter (where outcome = 'satisfied') as n_satisfied,
    count(*) filter (where outcome = 'partially_satisfied') as n_partially_satisfied,
    -- answered, and answered with an outcome no export gave (quality_unknown_shares.sql's
    -- definition): the satisfied share reads low by them, in any selection
    count(*) filter (where closed_date is not null) as n_closed,
    count(*) filter (where outcome = 'unknown') as n_outcome_unknown,
    count(*) filter (where is_late(due_date, closed_date, as_of)) as n_late,
    count(*) filter (where is_backlog(received_date, closed_date, as_of)) as n_backlog,
    count(*) filter (where is_repeat) as n_repeat,
    count(*) filter (where is_repeat and justified) as n_justified_repeat,
    count(*) filter (where is_collective) as n_collective,
    coalesce(sum(signatories) filter (where is_collective), 0)::bigint as n_collective_signatories,
    count(*) filter (where extended) as n_extended,
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
where
    received_date between period_start and period_end
    -- the whole months a caller takes from the rollup instead ([skip_start, skip_end))
    and (received_date < skip_start or received_date >= skip_end)
    and in_filters(
        levels, body_ids, region_codes, category_codes, appeal_types, channels,
        body_level, body_id, region_code, category_code, section_code, topic_code,
        appeal_type, channel
    )
group by all
