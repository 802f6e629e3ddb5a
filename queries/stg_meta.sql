-- Store metadata: the data version used as cache key, and the as-of date of the data.
-- Grain: one row.
-- params: $version VARCHAR (hash of the snapshot files), $latest DATE (latest snapshot)
-- output: data_version VARCHAR, latest_snapshot DATE, built_at TIMESTAMP WITH TIME ZONE
create or replace table meta as
select
    $version as data_version,
    $latest::date as latest_snapshot,
    now() as built_at,
