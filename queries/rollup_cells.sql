-- The rollup that serves the headline, deadline, growth, region, evaluation and repeat figures:
-- appeals counted per month of receipt and the dimensions the pages filter and group by.
-- Grain: one row per received_month x body x region x category x appeal type. Channel is left
--   out (it would make the table several times larger); a channel filter reads the appeals.
-- params: $as_of DATE (the data's latest snapshot date: n_late and n_backlog are as of it)
-- output: received_month DATE, body_id, body_level, region_code, category_code, section_code,
--   appeal_type VARCHAR; n_received, n_satisfied, n_partially_satisfied, n_late, n_backlog,
--   n_repeat, n_justified_repeat, n_collective, n_collective_signatories, n_extended BIGINT
create or replace table rollup_cells as
select
    received_month,
    body_id,
    body_level,
    region_code,
    category_code,
    section_code,
    appeal_type,
    count(*) as n_received,
    count(*) filter (where outcome = 'satisfied') as n_satisfied,
    count(*) filter (where outcome = 'partially_satisfied') as n_partially_satisfied,
    count(*) filter (where is_late(due_date, closed_date, $as_of)) as n_late,
    count(*) filter (where is_backlog(received_date, closed_date, $as_of)) as n_backlog,
    count(*) filter (where is_repeat) as n_repeat,
    count(*) filter (where is_repeat and justified) as n_justified_repeat,
    count(*) filter (where is_collective) as n_collective,
    coalesce(sum(signatories) filter (where is_collective), 0)::bigint as n_collective_signatories,
    count(*) filter (where extended) as n_extended,
from appeals
group by all
order by all
