-- The rollup that serves the headline, deadline, growth, region, evaluation and repeat figures:
-- appeals counted per month of receipt and the dimensions the pages filter and group by.
-- Grain: one row per received_month x body x region x category x appeal type. Channel is left
--   out (it would make the table several times larger); a channel filter reads the appeals.
-- params: $as_of DATE (the data's latest snapshot date: n_late and n_backlog are as of it)
-- output: received_month DATE, body_id, body_level, region_code, category_code, section_code,
--   topic_code (kept so a topic filter compares a column, not a cut of every row's code),
--   appeal_type VARCHAR; n_received, n_satisfied, n_partially_satisfied, n_closed,
--   n_outcome_unknown, n_late, n_backlog,
--   n_repeat, n_justified_repeat, n_collective, n_collective_signatories, n_extended BIGINT;
--   for each rule of the review algorithm (rule1, rule2, rule3, rule4, legal_basis):
--   n_<rule> BIGINT (answers it applies to) and n_ok_<rule> BIGINT (of them compliant)
create or replace table rollup_cells as
select *
from cells_counted(
    '-infinity'::date, 'infinity'::date, $as_of, [], [], [], [], [], [],
    'infinity'::date, 'infinity'::date
)
order by all
