-- Current state of every appeal: its row from the latest snapshot that holds it.
-- Grain: one row per appeal_id.
-- params: $files VARCHAR[] (snapshot Parquet files, all of them)
-- output: the contract columns of schema.py, plus received_month DATE (first of month),
--   section_code VARCHAR (first two digits of category_code), is_repeat BOOLEAN
create or replace table appeals as
with
snapshot_rows as (
    select * from read_parquet($files, hive_partitioning = false)
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
    repeat_of is not null as is_repeat,
from latest
order by received_date, body_id
