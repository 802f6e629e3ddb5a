-- The counts a page's filters select for a period that the rollup holds: its whole months,
-- when no channel is chosen and late and backlog are judged on the rollup's own date. It is
-- the rollup's part of `cells_in`, and stands in for the whole of it in a query the rollup
-- answers alone (queries.rollup_answers decides, and then puts the schema `rolled` first on
-- the query's search path): without the appeal count that `cells_in` unions in, a query is
-- planned in about half the time, and that planning was most of a page query's time at any
-- data size. Where the rollup cannot answer, this alone would miss the partial months: never
-- used so there (tests/test_sql_rollup.py runs every query both ways).
-- Grain: table macro; rows of `rollup_cells` (none when the rollup cannot answer).
-- params: none (macro arguments: period_start, period_end DATE (inclusive, on received_date);
--   as_of DATE (late and backlog are judged on it); data_as_of DATE (the store's latest
--   snapshot, the date the rollup was judged on); levels, body_ids, region_codes,
--   category_codes, appeal_types, channels VARCHAR[] (empty = all))
-- output: rolled.cells_in(...) -> the columns of `rollup_cells`
create or replace macro rolled.cells_in(
    period_start, period_end, as_of, data_as_of,
    levels, body_ids, region_codes, category_codes, appeal_types, channels
) as table
select *
from rollup_cells
where
    -- the rollup has no channel and was judged on data_as_of
    len(channels::varchar[]) = 0
    and as_of::date = data_as_of::date
    and received_month >= first_whole_month(period_start)
    and received_month < after_whole_months(period_end)
    and in_filters(
        levels, body_ids, region_codes, category_codes, appeal_types, channels,
        body_level, body_id, region_code, category_code, section_code,
        topic_code, appeal_type, null
    )
