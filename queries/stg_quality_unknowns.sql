-- The unknowns per contract column kept in the store, so the Data page reads five rows
-- instead of scanning every appeal on each visit; computed at build (and after every
-- incremental update) by queries/quality_unknown_shares.sql, its only definition.
-- Grain: one row per column with at least one unknown value.
-- params: none (reads `unknown_rows`, the build's result of quality_unknown_shares.sql)
-- output: the columns of quality_unknown_shares.sql
create or replace table quality_unknowns as
select * from unknown_rows
