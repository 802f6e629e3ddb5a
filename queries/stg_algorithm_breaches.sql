-- The answers that breach a rule of the review algorithm, judged once per build: the list
-- algorithm_breaches_by_appeal pages through, so a page of it reads breaches only.
-- Grain: one row per appeal x breached rule (rules as in algorithm_applies and
--   algorithm_complies, the rollup's own definitions); rebuilt after every full build and
--   incremental update, after stg_earlier_signed_level (rule 2 reads the earlier answer).
--   Sorted by received_date, so a period's rows are a few row groups.
-- params: none
-- output: table algorithm_breaches (rule VARCHAR, appeal_id VARCHAR, received_date DATE,
--   closed_date DATE, body_id, body_level, region_code, category_code, section_code,
--   topic_code, appeal_type, channel, outcome, signed_level, earlier_signed_level VARCHAR)
create or replace table algorithm_breaches as
with
rules as (
    select unnest(['rule1', 'rule2', 'rule3', 'rule4', 'legal_basis']) as rule
)

select
    rules.rule,
    appeals.appeal_id,
    appeals.received_date,
    appeals.closed_date,
    appeals.body_id,
    appeals.body_level,
    appeals.region_code,
    appeals.category_code,
    appeals.section_code,
    appeals.topic_code,
    appeals.appeal_type,
    appeals.channel,
    appeals.outcome,
    appeals.signed_level,
    appeals.earlier_signed_level,
from appeals, rules
where
    algorithm_applies(
        rules.rule, appeals.is_repeat, appeals.earlier_signed_level, appeals.outcome,
        appeals.correspondence_ended, appeals.signed_level, appeals.cites_legal_basis
    )
    and not algorithm_complies(rules.rule, appeals.signed_level, appeals.cites_legal_basis)
order by appeals.received_date, appeals.appeal_id, rules.rule
