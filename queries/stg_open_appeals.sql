-- The appeals open on the data's latest snapshot date: the backlog and the overdue list read
-- them instead of every appeal of any period when judged on that date (rolled.open_on).
-- Grain: one row per appeal, the columns of `appeals`; a few per cent of them.
-- params: $as_of DATE (the store's latest snapshot date)
-- output: table open_appeals (the columns of `appeals`)
create or replace table open_appeals as
select *
from appeals
where is_backlog(received_date, closed_date, $as_of)
order by received_date, appeal_id
