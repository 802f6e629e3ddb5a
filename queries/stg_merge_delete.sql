-- Incremental update, step 1 of 2: drop the rows a newly added snapshot supersedes.
-- Grain: deletes from `appeals` every appeal the new file holds at the same or a later date.
-- params: $file VARCHAR (the new snapshot's Parquet file)
-- output: none (rows deleted from appeals)
delete from appeals
using current_appeals([$file]) as incoming
where
    appeals.appeal_id = incoming.appeal_id
    and incoming.snapshot_date >= appeals.snapshot_date
