-- The snapshots loaded into the store: when each export was taken and how many rows it holds.
-- Grain: one row per snapshot_date, oldest first.
-- params: none
-- output: snapshot_date DATE; n_rows BIGINT (rows in the export); n_open BIGINT (appeals
--   open at that export)
select
    snapshot_date,
    n_rows,
    n_open,
from snapshots
order by snapshot_date
