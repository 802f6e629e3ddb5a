-- Definition of the backlog as of a date (DESIGN.md): received by then and not yet answered.
-- Grain: scalar macro.
-- params: none (macro arguments: received_date DATE, closed_date DATE or null, as_of DATE)
-- output: is_backlog(received_date, closed_date, as_of) -> BOOLEAN
create or replace macro is_backlog(received_date, closed_date, as_of) as
    received_date <= as_of and (closed_date is null or closed_date > as_of)
