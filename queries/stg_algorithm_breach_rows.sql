-- The answers that breach a rule of the review algorithm: the one definition of the rows of
-- `algorithm_breaches`, which a full build copies whole and an incremental update copies for
-- the appeals it changed (stg_algorithm_breaches*.sql).
-- Grain: temporary view (the build's connection only), one row per appeal x breached rule
--   (rules as in algorithm_applies and algorithm_complies, the rollup's own definitions);
--   defined after stg_earlier_signed_level (rule 2 reads the earlier answer).
-- params: none
-- output: view algorithm_breach_rows (rule VARCHAR, appeal_id VARCHAR, received_date DATE,
--   closed_date DATE, body_id, body_level, region_code, category_code, section_code,
--   topic_code, appeal_type, channel, outcome, signed_level, earlier_signed_level VARCHAR)
create or replace temp view algorithm_breach_rows as
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
