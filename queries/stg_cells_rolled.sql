-- The counts a page's filters select for a period that the rollup holds: its whole months,
-- when no channel is chosen and late and backlog are judged on the rollup's own date.
-- Grain: table macro; rows of `rollup_cells` (none when the rollup cannot answer).
-- params: none (macro arguments: period_start, period_end DATE (inclusive, on received_date);
--   as_of DATE (late and backlog are judged on it); data_as_of DATE (the store's latest
--   snapshot, the date the rollup was judged on); levels, body_ids, region_codes,
--   category_codes, appeal_types, channels VARCHAR[] (empty = all))
-- output: cells_rolled(...) -> the columns of `rollup_cells`
create or replace macro cells_rolled(
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
        left(category_code, 5), appeal_type, null
    )
