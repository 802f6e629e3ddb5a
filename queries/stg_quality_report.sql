-- The data-quality report kept in the store, so the Data page reads a few rows instead of
-- scanning every appeal six times on each visit; computed at build (and after every
-- incremental update) by queries/quality_warnings.sql, its only definition.
-- Grain: one row per check that flags at least one appeal.
-- params: none (reads `quality_rows`, the build's result of quality_warnings.sql)
-- output: the columns of quality_warnings.sql
create or replace table quality_report as
select * from quality_rows
