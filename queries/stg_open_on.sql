-- The appeals open on an as-of date, of any period: what the backlog and the overdue list
-- count. On the data's latest date they are the build's open_appeals (a few per cent of the
-- appeals, chosen with the same predicate); on another date every appeal is judged. The
-- branch whose date test is false is a constant false the optimiser drops unread.
-- Grain: table macro; one row per appeal, the columns of `appeals`.
-- params: none (macro arguments: as_of DATE; data_as_of DATE, the store's latest snapshot
--   date, which open_appeals was judged on)
-- output: open_on(as_of, data_as_of) -> the columns of `appeals`
create or replace macro open_on(as_of, data_as_of) as table
select *
from open_appeals
where as_of::date = data_as_of::date and is_backlog(received_date, closed_date, as_of)
union all
select *
from appeals
where as_of::date <> data_as_of::date and is_backlog(received_date, closed_date, as_of)
