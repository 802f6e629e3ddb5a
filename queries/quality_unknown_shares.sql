-- Unknowns per contract column: how much of each column an import left as "not known"
-- (docs/ingest.md), so no share is read without knowing what it is built on.
-- Grain: one row per column with at least one unknown value (no row = nothing unknown).
-- params: none (reads the table or view `appeals` of the connection: the store's current
--   state, or one file registered as `appeals` before it is imported)
-- output: column_name VARCHAR; n_unknown BIGINT (rows whose value is not known); n_rows BIGINT
--   (rows the column applies to: every appeal, closed appeals for outcome);
--   unknown_share DOUBLE (0-1 fraction n_unknown / n_rows)
with
-- one pass over the appeals (materialized: the rows below read this one row, not the table)
counts as materialized (
    select
        count(*) as n_all,
        count(*) filter (where closed_date is not null) as n_closed,
        count(*) filter (where channel = 'unknown') as channel,
        count(*) filter (where outcome = 'unknown') as outcome,
        count(*) filter (where applicant_key is null) as applicant_key,
        count(*) filter (where applicant_kind = 'unknown') as applicant_kind,
        count(*) filter (where due_date is null) as due_date,
    from appeals
),
shares as (
    select 'channel' as column_name, channel as n_unknown, n_all as n_rows, 1 as ord,
    from counts
    union all
    select 'outcome', outcome, n_closed, 2,
    from counts
    union all
    select 'applicant_key', applicant_key, n_all, 3,
    from counts
    union all
    select 'applicant_kind', applicant_kind, n_all, 4,
    from counts
    union all
    select 'due_date', due_date, n_all, 5,
    from counts
)
select
    column_name,
    n_unknown,
    n_rows,
    n_unknown / n_rows as unknown_share,
from shares
where n_unknown > 0
order by ord
