-- The counts a page's filters select for a period, at the grain of `rollup_cells`: whole
-- months from the rollup (rolled.cells_in), the rest (partial months, a channel filter, another
-- as-of date) counted from the appeals by cells_counted, the macro the rollup itself is
-- built with. A query the rollup answers alone resolves rolled.cells_in alone.
-- Grain: table macro; a cell may come twice (a partial month's appeals beside the rollup's
--   whole months), so callers sum.
-- params: none (macro arguments: period_start, period_end DATE (inclusive, on received_date);
--   as_of DATE (late and backlog are judged on it); data_as_of DATE (the store's latest
--   snapshot, the date the rollup was judged on); levels, body_ids, region_codes,
--   category_codes, appeal_types, channels VARCHAR[] (empty = all))
-- output: cells_in(...) -> the columns of `rollup_cells`
create or replace macro cells_in(
    period_start, period_end, as_of, data_as_of,
    levels, body_ids, region_codes, category_codes, appeal_types, channels
) as table
select *
from rolled.cells_in(
    period_start, period_end, as_of, data_as_of,
    levels, body_ids, region_codes, category_codes, appeal_types, channels
)
union all
select *
from cells_counted(
    period_start, period_end, as_of,
    levels, body_ids, region_codes, category_codes, appeal_types, channels,
    -- the whole months the rollup answered above (none when it could not)
    case
        when len(channels::varchar[]) = 0 and as_of::date = data_as_of::date
            then first_whole_month(period_start)
        else 'infinity'::date
    end,
    after_whole_months(period_end)
)
