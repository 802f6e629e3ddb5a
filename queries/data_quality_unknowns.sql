-- The store's unknowns per contract column as the build computed them (stg_quality_unknowns).
-- Grain: one row per column with at least one unknown value (no row = nothing unknown).
-- params: none
-- output: column_name VARCHAR; n_unknown, n_rows BIGINT; unknown_share DOUBLE (0-1 fraction)
select
    column_name,
    n_unknown,
    n_rows,
    unknown_share,
from quality_unknowns
