-- Current state of every appeal: its row from the latest snapshot that holds it.
-- Grain: one row per appeal_id.
-- params: $files VARCHAR[] (snapshot Parquet files, all of them)
-- output: the columns of current_appeals (queries/stg_current_appeals.sql), sorted by
--   received_date and body_id so date filters skip row groups
create or replace table appeals as
select *
from current_appeals($files)
order by received_date, body_id
