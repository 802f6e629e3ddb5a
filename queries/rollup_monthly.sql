-- Monthly rollup that serves the overview pages without touching appeal rows.
-- Grain: one row per received_month x body x region x category x type x channel.
-- params: $as_of DATE (the data's latest snapshot date: late and open are as of it)
-- output: received_month DATE, body_id, body_level, region_code, category_code, section_code,
--   appeal_type, channel VARCHAR; n_received, n_satisfied, n_partially_satisfied, n_closed,
--   n_late, n_open, n_repeat, n_justified_repeat, n_collective, n_signatories, n_extended BIGINT
create or replace table rollup_monthly as
select
    received_month,
    body_id,
    body_level,
    region_code,
    category_code,
    section_code,
    appeal_type,
    channel,
    count(*) as n_received,
    count(*) filter (where outcome = 'satisfied') as n_satisfied,
    count(*) filter (where outcome = 'partially_satisfied') as n_partially_satisfied,
    count(*) filter (where closed_date is not null) as n_closed,
    count(*) filter (where is_late(due_date, closed_date, $as_of)) as n_late,
    count(*) filter (where is_backlog(received_date, closed_date, $as_of)) as n_open,
    count(*) filter (where is_repeat) as n_repeat,
    count(*) filter (where is_repeat and justified) as n_justified_repeat,
    count(*) filter (where is_collective) as n_collective,
    sum(signatories) as n_signatories,
    count(*) filter (where extended) as n_extended,
from appeals
group by all
order by all
