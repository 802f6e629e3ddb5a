-- Incremental update: the appeals whose derived rows (breaches, repeat paths) may change.
-- Grain: temporary table (the build's connection only), one row per appeal: every appeal the
--   new snapshot holds, and every repeat of one of them (its earlier answer may have changed,
--   and with it rule 2 and its chain's columns). A superset is harmless: the rows of an
--   unchanged appeal are rebuilt as they were.
-- params: $file VARCHAR (the new snapshot's Parquet file)
-- output: temp table changed_appeals (appeal_id VARCHAR)
create or replace temp table changed_appeals as
with
incoming as (
    select distinct appeal_id from read_parquet($file)
)

select appeal_id from incoming
union
select appeals.appeal_id
from appeals
where appeals.repeat_of in (select appeal_id from incoming)
