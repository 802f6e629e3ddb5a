-- The current state of every appeal in a set of snapshot files: its row from the latest
-- snapshot that holds it, with the columns every page derives. One definition serves the
-- full build (all files) and the incremental update (the new file only).
-- Grain: table macro, one row per appeal_id of the files.
-- params: none (macro argument: files VARCHAR[], snapshot Parquet files)
-- output: current_appeals(files) -> the contract columns of schema.py, plus received_month
--   DATE (first of month), section_code VARCHAR (first two digits of category_code),
--   topic_code VARCHAR (its first five characters: the topic of a sub-topic),
--   is_repeat BOOLEAN, earlier_signed_level VARCHAR (null here; filled from the whole table
--   by queries/stg_earlier_signed_level.sql, since the earlier appeal may be in another file)
create or replace macro current_appeals(files) as table
with
snapshot_rows as (
    select * from read_parquet(files, hive_partitioning = false)
),
latest as (
    select *
    from snapshot_rows
    qualify row_number() over (partition by appeal_id order by snapshot_date desc) = 1
)
select
    * exclude (signatories),
    signatories::integer as signatories,
    date_trunc('month', received_date)::date as received_month,
    left(category_code, 2) as section_code,
    left(category_code, 5) as topic_code,
    repeat_of is not null as is_repeat,
    null::varchar as earlier_signed_level,
from latest
