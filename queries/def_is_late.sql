-- Definition of "late" (DESIGN.md): answered after the deadline, or still open past it.
-- Grain: scalar macro, used by every query, the rollups, the CLI and the reports.
-- params: none (macro arguments: due_date DATE, closed_date DATE or null, as_of DATE)
-- output: is_late(due_date, closed_date, as_of) -> BOOLEAN; an appeal closed after as_of
--   counts as open on as_of; a missing due_date is never late.
create or replace macro is_late(due_date, closed_date, as_of) as
    coalesce(due_date < least(coalesce(closed_date, as_of), as_of), false)
