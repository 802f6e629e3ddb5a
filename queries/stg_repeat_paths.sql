-- Each repeat's path up its chain, traced once per build: repeats_chains reads the paths of
-- a unit's repeats instead of walking the appeals round by round on every visit.
-- Grain: one row per repeat x appeal on its path (repeat_path_rows, the definition), for
--   every repeat (path_starts holds them all on a full build); an incremental update
--   replaces the paths it may have changed (stg_repeat_paths_delete/_insert).
-- params: none
-- output: table repeat_paths (the columns of repeat_path_rows)
create or replace table repeat_paths as
select *
from repeat_path_rows
-- by the start's date of receipt: a period's chains then skip the other row groups
order by start_received_date, start_id
