-- Each repeat's path up its chain: the one definition of the rows of `repeat_paths`, for the
-- repeats in the build's temporary table path_starts (every repeat on a full build; on an
-- incremental update, those whose path the new snapshot may have changed).
-- Grain: temporary view, one row per repeat (start_id) x appeal on its path. The walk starts
--   at the repeat and goes to the appeal it repeats while that appeal is in the store and is
--   itself a repeat, at most 50 steps up; the parent of the last step is the chain's first
--   appeal (round 1; its columns are null when it is not in the store).
-- params: none (reads `appeals` and the temporary table path_starts (appeal_id VARCHAR))
-- output: view repeat_path_rows (start_id VARCHAR (the repeat), start_received_date DATE (its
--   date of receipt: a unit's chains read the paths of its period's repeats by it),
--   chain_id VARCHAR (appeal_id of round 1), appeal_id VARCHAR, parent_id VARCHAR (the appeal it repeats; null in round
--   1), round INTEGER (1 = the first appeal), received_date DATE, body_id, region_code,
--   category_code VARCHAR, closed_date DATE, outcome, signed_level VARCHAR, justified
--   BOOLEAN)
create or replace temp view repeat_path_rows as
with recursive
linked as (
    -- the appeals a walk can reach: every repeat and every appeal a repeat points to
    select
        appeal_id, repeat_of, is_repeat, received_date, body_id, region_code, category_code,
        closed_date, outcome, signed_level, justified,
    from appeals
    where is_repeat or appeal_id in (select repeat_of from appeals where is_repeat)
),

walk(start_id, start_received_date, node_id, parent_id, step) as (
    select appeal_id, received_date, appeal_id, repeat_of, 0
    from linked
    where is_repeat and appeal_id in (select appeal_id from path_starts)
    union all
    -- only a repeat leads further up; a parent that is not one is the chain's first appeal
    select
        walk.start_id, walk.start_received_date, linked.appeal_id, linked.repeat_of,
        walk.step + 1
    from walk
    inner join linked on linked.appeal_id = walk.parent_id
    where walk.step < 50 and linked.is_repeat
),

tops as (
    select start_id, start_received_date, step as top_step, parent_id as chain_id
    from walk
    qualify step = max(step) over (partition by start_id)
),

path as (
    select
        walk.start_id,
        walk.start_received_date,
        tops.chain_id,
        walk.node_id as appeal_id,
        walk.parent_id,
        tops.top_step - walk.step + 2 as round,
    from walk
    inner join tops using (start_id)
    union all
    select start_id, start_received_date, chain_id, chain_id, null, 1 from tops
)

select
    path.start_id,
    path.start_received_date,
    path.chain_id,
    path.appeal_id,
    path.parent_id,
    path.round::integer as round,
    linked.received_date,
    linked.body_id,
    linked.region_code,
    linked.category_code,
    linked.closed_date,
    linked.outcome,
    linked.signed_level,
    linked.justified,
from path
left join linked on linked.appeal_id = path.appeal_id
