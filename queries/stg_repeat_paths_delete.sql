-- Incremental update: drop the paths that are traced anew (path_starts).
-- Grain: deletes from `repeat_paths` every row of a repeat in path_starts.
-- params: none (reads the build's temporary table path_starts)
-- output: none (rows deleted from repeat_paths)
delete from repeat_paths
where start_id in (select appeal_id from path_starts)
