-- Data-quality warnings: appeals the contract accepts but that look wrong, one row per check.
-- Grain: one row per check that flags at least one appeal (no row = nothing to report).
-- params: none (reads the table or view `appeals` of the connection: the store's current
--   state, or one file registered as `appeals` before it is imported)
-- output: check_id VARCHAR, column_name VARCHAR, expected VARCHAR, n_rows BIGINT,
--   example_ids VARCHAR[] (up to 20 appeal_ids, sorted)
with
flagged as (
    select
        appeal_id,
        'closed_before_received' as check_id,
        'closed_date' as column_name,
        'an answer dated on or after registration' as expected,
    from appeals
    where closed_date < received_date
    union all
    select
        appeal_id,
        'due_before_received' as check_id,
        'due_date' as column_name,
        'a deadline on or after registration' as expected,
    from appeals
    where due_date < received_date
    union all
    select
        appeal_id,
        'missing_due_date' as check_id,
        'due_date' as column_name,
        'a deadline (without one the appeal is never counted late)' as expected,
    from appeals
    where due_date is null
    union all
    select
        appeal_id,
        'deadline_over_two_months' as check_id,
        'due_date' as column_name,
        'a deadline at most 60 days (Law 221) or 2 months (APPK) after registration'
            as expected,
    from appeals
    -- the longest lawful term: 30 + 30 days under Law No. 221-III, 2 months under the APPK
    where due_date > greatest(received_date + 60, received_date + interval 2 month)
    union all
    select
        appeal_id,
        'outcome_while_open' as check_id,
        'outcome' as column_name,
        'no outcome while the appeal has no answer date' as expected,
    from appeals
    where closed_date is null and outcome is not null
    union all
    select
        appeal_id,
        'closed_without_outcome' as check_id,
        'outcome' as column_name,
        'an outcome for every answered appeal (unknown ones are never counted satisfied)'
            as expected,
    from appeals
    where closed_date is not null and outcome = 'unknown'
    union all
    select
        appeal_id,
        'signatories_mismatch' as check_id,
        'signatories' as column_name,
        'one signatory for a single applicant, two or more for a collective appeal' as expected,
    from appeals
    where (is_collective and signatories < 2) or (not is_collective and signatories > 1)
    union all
    select
        appeal_id,
        'repeat_of_unknown_appeal' as check_id,
        'repeat_of' as column_name,
        'repeat_of naming an appeal present in the data' as expected,
    from appeals as a
    where
        a.repeat_of is not null
        and not exists (select 1 from appeals as earlier where earlier.appeal_id = a.repeat_of)
)
select
    check_id,
    column_name,
    expected,
    count(*) as n_rows,
    list(appeal_id order by appeal_id)[1:20] as example_ids,
from flagged
group by all
order by check_id
