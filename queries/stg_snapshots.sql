-- Catalogue of loaded snapshots: when each export was taken and how many rows it holds.
-- Grain: one row per snapshot_date.
-- params: $files VARCHAR[] (snapshot Parquet files)
-- output: snapshot_date DATE, n_rows BIGINT, n_open BIGINT (appeals open at that export)
create or replace table snapshots as
select
    snapshot_date,
    count(*) as n_rows,
    count(*) filter (where closed_date is null) as n_open,
from read_parquet($files, hive_partitioning = false)
group by all
order by all
