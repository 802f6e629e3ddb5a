-- Where the whole calendar months of a period end (a monthly rollup answers those exactly).
-- Grain: scalar macro.
-- params: none (macro argument: period_end DATE, the period's last day, inclusive)
-- output: after_whole_months(period_end) -> DATE, the first day after the last month that
--   ends inside the period (see first_whole_month).
create or replace macro after_whole_months(period_end) as
    date_trunc('month', period_end::date + 1)::date
