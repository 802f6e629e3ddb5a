-- The data-quality warnings of the store as the build computed them (stg_quality_report).
-- Grain: one row per check that flags at least one appeal (no row = nothing to report).
-- params: none
-- output: check_id VARCHAR, column_name VARCHAR, expected VARCHAR, n_rows BIGINT,
--   example_ids VARCHAR[] (up to 20 appeal_ids, sorted)
select
    check_id,
    column_name,
    expected,
    n_rows,
    example_ids,
from quality_report
order by check_id
