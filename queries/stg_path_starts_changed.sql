-- Incremental update: the repeats whose path the new snapshot may have changed: those it
-- holds or that repeat one it holds (changed_appeals), and every repeat whose path passes
-- through one of them (its chain's columns or shape may differ now).
-- Grain: temporary table, one row per repeat to trace anew (and per changed appeal that is
--   not a repeat: repeat_path_rows starts only from repeats, so it adds nothing).
-- params: none (reads changed_appeals and the store's repeat_paths)
-- output: temp table path_starts (appeal_id VARCHAR)
create or replace temp table path_starts as
select appeal_id from changed_appeals
union
select start_id
from repeat_paths
where appeal_id in (select appeal_id from changed_appeals)
