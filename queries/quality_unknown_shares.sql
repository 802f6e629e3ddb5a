-- Unknowns per contract column: how much of each column an import left as "not known"
-- (docs/ingest.md), so no share is read without knowing what it is built on.
-- Grain: one row per column with at least one unknown value (no row = nothing unknown).
-- params: none (reads the table or view `appeals` of the connection: the store's current
--   state, or one file registered as `appeals` before it is imported)
-- output: column_name VARCHAR; n_unknown BIGINT (rows whose value is not known); n_rows BIGINT
--   (rows the column applies to: every appeal, closed appeals for outcome);
--   unknown_share DOUBLE (0-1 fraction n_unknown / n_rows)
with
counts as (
    select 'channel' as column_name, count(*) filter (where channel = 'unknown') as n_unknown,
        count(*) as n_rows, 1 as ord,
    from appeals
    union all
    select 'outcome', count(*) filter (where outcome = 'unknown'),
        count(*) filter (where closed_date is not null), 2,
    from appeals
    union all
    select 'applicant_key', count(*) filter (where applicant_key is null), count(*), 3,
    from appeals
    union all
    select 'applicant_kind', count(*) filter (where applicant_kind = 'unknown'), count(*), 4,
    from appeals
    union all
    select 'due_date', count(*) filter (where due_date is null), count(*), 5,
    from appeals
)
select
    column_name,
    n_unknown,
    n_rows,
    n_unknown / n_rows as unknown_share,
from counts
where n_unknown > 0
order by ord
