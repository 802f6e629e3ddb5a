-- Where the whole calendar months of a period begin (a monthly rollup answers those exactly).
-- Grain: scalar macro.
-- params: none (macro argument: period_start DATE, the period's first day)
-- output: first_whole_month(period_start) -> DATE, the first day of the first month that
--   starts inside the period. With after_whole_months, the whole months are the range
--   [first_whole_month, after_whole_months), empty when the period holds no whole month.
create or replace macro first_whole_month(period_start) as
    case
        when day(period_start::date) = 1 then period_start::date
        else (date_trunc('month', period_start::date) + interval 1 month)::date
    end
