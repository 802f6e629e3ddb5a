-- The cells of a period and of the base period it is compared with (growth, repeats): two
-- cells_in calls told apart by in_current, so either comparison reads them the same way.
-- Grain: table macro; rows of cells_in for each period (a period overlapping the base is in
--   both, counted in each).
-- params: none (macro arguments: period_start, period_end, base_start, base_end DATE
--   (inclusive, on received_date); data_as_of DATE (the store's latest snapshot: counts of
--   receipt do not depend on a date, it lets the rollup answer); levels, body_ids,
--   region_codes, category_codes, appeal_types, channels VARCHAR[] (empty = all))
-- output: cells_in_periods(...) -> the columns of cells_in, and in_current BOOLEAN (true: the
--   period, false: the base)
create or replace macro cells_in_periods(
    period_start, period_end, base_start, base_end, data_as_of,
    levels, body_ids, region_codes, category_codes, appeal_types, channels
) as table
select *, true as in_current
from cells_in(
    period_start, period_end, data_as_of, data_as_of,
    levels, body_ids, region_codes, category_codes, appeal_types, channels
)
union all
select *, false as in_current
from cells_in(
    base_start, base_end, data_as_of, data_as_of,
    levels, body_ids, region_codes, category_codes, appeal_types, channels
)
