-- The rollup rows a page's filters select: whole months of receipt in a period.
-- Grain: table macro over `rollup_monthly`; a month counts when its first day lies between
--   the month of period_start and period_end.
-- params: none (macro arguments: period_start DATE, period_end DATE; levels, body_ids,
--   region_codes, category_codes, appeal_types, channels VARCHAR[] (empty = all))
-- output: rollup_monthly_in(...) -> the columns of `rollup_monthly`
create or replace macro rollup_monthly_in(
    period_start, period_end, levels, body_ids, region_codes, category_codes, appeal_types,
    channels
) as table
select *
from rollup_monthly
where
    received_month between date_trunc('month', period_start::date) and period_end::date
    and in_filters(
        levels, body_ids, region_codes, category_codes, appeal_types, channels,
        body_level, body_id, region_code, category_code, appeal_type, channel
    )
