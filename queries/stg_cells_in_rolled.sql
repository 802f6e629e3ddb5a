-- `cells_in` for a query the rollup answers alone: whole months, no channel chosen, late and
-- backlog judged on the rollup's date (queries.rollup_answers decides, and then puts this
-- schema first on the query's search path). Without the appeal count that `cells_in` unions
-- in, a query is planned in about half the time, and that planning was most of a page
-- query's time at any data size. Where the rollup cannot answer, the figures would miss the
-- partial months: never used there (tests/test_sql_rollup.py runs every query both ways).
-- Grain: table macro; rows of `rollup_cells`.
-- params: none (macro arguments: as cells_in's)
-- output: rolled.cells_in(...) -> the columns of `rollup_cells`
create or replace macro rolled.cells_in(
    period_start, period_end, as_of, data_as_of,
    levels, body_ids, region_codes, category_codes, appeal_types, channels
) as table
select *
from cells_rolled(
    period_start, period_end, as_of, data_as_of,
    levels, body_ids, region_codes, category_codes, appeal_types, channels
)
