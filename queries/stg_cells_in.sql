-- The counts a page's filters select for a period, at the grain of `rollup_cells`: whole
-- months from the rollup, the rest (partial months, a channel filter, another as-of date)
-- counted from the appeals with the same definitions. One macro, so both paths agree.
-- Grain: table macro; a cell may come twice (a partial month's appeals beside the rollup's
--   whole months), so callers sum.
-- params: none (macro arguments: period_start, period_end DATE (inclusive, on received_date);
--   as_of DATE (late and backlog are judged on it); data_as_of DATE (the store's latest
--   snapshot, the date the rollup was judged on); levels, body_ids, region_codes,
--   category_codes, appeal_types, channels VARCHAR[] (empty = all))
-- output: cells_in(...) -> the columns of `rollup_cells`
create or replace macro cells_in(
    period_start, period_end, as_of, data_as_of,
    levels, body_ids, region_codes, category_codes, appeal_types, channels
) as table
select
    received_month, body_id, body_level, region_code, category_code, section_code, appeal_type,
    n_received, n_satisfied, n_partially_satisfied, n_late, n_backlog, n_repeat,
    n_justified_repeat, n_collective, n_collective_signatories, n_extended,
    n_rule1, n_ok_rule1, n_rule2, n_ok_rule2, n_rule3, n_ok_rule3, n_rule4, n_ok_rule4,
    n_legal_basis, n_ok_legal_basis,
from rollup_cells
where
    -- the rollup has no channel and was judged on data_as_of
    len(channels::varchar[]) = 0
    and as_of::date = data_as_of::date
    and received_month >= first_whole_month(period_start)
    and received_month < after_whole_months(period_end)
    and in_filters(
        levels, body_ids, region_codes, category_codes, appeal_types, channels,
        body_level, body_id, region_code, category_code, appeal_type, null
    )
union all
select
    received_month, body_id, body_level, region_code, category_code, section_code, appeal_type,
    count(*) as n_received,
    count(*) filter (where outcome = 'satisfied') as n_satisfied,
    count(*) filter (where outcome = 'partially_satisfied') as n_partially_satisfied,
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
from (
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
where
    received_date between period_start and period_end
    and (
        len(channels::varchar[]) > 0
        or as_of::date <> data_as_of::date
        or received_date < first_whole_month(period_start)
        or received_date >= after_whole_months(period_end)
    )
    and in_filters(
        levels, body_ids, region_codes, category_codes, appeal_types, channels,
        body_level, body_id, region_code, category_code, appeal_type, channel
    )
group by all
