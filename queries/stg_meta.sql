-- Store metadata: the data version used as cache key, the as-of date of the data, and the
-- version of the store's layout (a store built by older code is rebuilt, not misread).
-- Grain: one row.
-- params: $version VARCHAR (hash of the snapshot files), $latest DATE (latest snapshot),
--   $store_version INTEGER (dashboard.store.STORE_VERSION)
-- output: data_version VARCHAR, latest_snapshot DATE, store_version INTEGER,
--   built_at TIMESTAMP WITH TIME ZONE
create or replace table meta as
select
    $version as data_version,
    $latest::date as latest_snapshot,
    $store_version::integer as store_version,
    now() as built_at,
