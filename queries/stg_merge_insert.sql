-- Incremental update, step 2 of 2: add the new snapshot's appeals whose state it now holds.
-- Grain: inserts one row per appeal of the new file that `appeals` no longer has (after
--   step 1, an appeal still there was seen in a later snapshot and keeps that state).
-- params: $file VARCHAR (the new snapshot's Parquet file)
-- output: none (rows inserted into appeals)
insert into appeals by name
select incoming.*
from current_appeals([$file]) as incoming
anti join appeals using (appeal_id)
