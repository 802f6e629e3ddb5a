-- Incremental update: the paths of path_starts, traced anew by repeat_path_rows.
-- Grain: inserts into `repeat_paths` one row per repeat in path_starts x appeal on its path;
--   run after stg_repeat_paths_delete.
-- params: none (reads the build's temporary tables through repeat_path_rows)
-- output: none (rows added to repeat_paths)
insert into repeat_paths
select *
from repeat_path_rows
