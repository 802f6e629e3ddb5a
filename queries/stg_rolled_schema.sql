-- The schema of the macros a query resolves when the rollup's whole months answer it alone
-- (queries.rollup_answers, then this schema first on the query's search path).
-- Grain: none (a schema).
-- params: none
-- output: none
create schema if not exists rolled
