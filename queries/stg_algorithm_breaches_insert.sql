-- Incremental update: the breaches of the appeals the new snapshot changed, judged anew.
-- Grain: inserts into `algorithm_breaches` the rows of algorithm_breach_rows (the
--   definition) of the appeals in `changed_appeals`; run after stg_algorithm_breaches_delete.
-- params: none (reads the build's temporary table changed_appeals)
-- output: none (rows added to algorithm_breaches)
insert into algorithm_breaches
select *
from algorithm_breach_rows
where appeal_id in (select appeal_id from changed_appeals)
