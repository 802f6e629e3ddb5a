-- Incremental update: drop the breaches of the appeals the new snapshot changed.
-- Grain: deletes from `algorithm_breaches` every row of an appeal in `changed_appeals`.
-- params: none (reads the build's temporary table changed_appeals)
-- output: none (rows deleted from algorithm_breaches)
delete from algorithm_breaches
where appeal_id in (select appeal_id from changed_appeals)
