-- What a built store holds: its versions, the as-of date, and how many appeals and rows.
-- Grain: one row.
-- params: none
-- output: data_version VARCHAR, store_version INTEGER, latest_snapshot DATE,
--   first_received DATE, n_appeals BIGINT, n_snapshots BIGINT, n_snapshot_rows BIGINT
with
appeal_counts as (
    select
        min(received_date) as first_received,
        count(*) as n_appeals,
    from appeals
),
snapshot_counts as (
    select
        count(*) as n_snapshots,
        sum(n_rows)::bigint as n_snapshot_rows,
    from snapshots
)
select
    meta.data_version,
    meta.store_version,
    meta.latest_snapshot,
    appeal_counts.first_received,
    appeal_counts.n_appeals,
    snapshot_counts.n_snapshots,
    snapshot_counts.n_snapshot_rows,
from meta, appeal_counts, snapshot_counts
