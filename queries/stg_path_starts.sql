-- Full build: every repeat starts a path (read by repeat_path_rows).
-- Grain: temporary table, one row per repeat.
-- params: none
-- output: temp table path_starts (appeal_id VARCHAR)
create or replace temp table path_starts as
select appeal_id
from appeals
where is_repeat
