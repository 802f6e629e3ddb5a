-- Repeat chains of one unit: each repeat received in the period traced back through repeat_of
--   to the first appeal of its chain, with every answer along the way.
-- Grain: one row per appeal of a chain (round 1 = the first appeal, which may lie before the
--   period); a chain is named by its first appeal. Up only: the paths of the period's
--   repeats to their first appeals (repeat_paths, traced at build, at most 50 rounds). No
--   applicant column.
-- params: $period_start DATE, $period_end DATE (repeats received in it, inclusive);
--   $group_by, $group_by2 VARCHAR (groupings as in group_code; 'none' = everything) and
--   $group_code, $group_code2 VARCHAR (the unit's codes; 'all' with 'none');
--   $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels VARCHAR[]
--   (empty = all)
-- output: chain_id VARCHAR (appeal_id of round 1), n_rounds INTEGER (longest path, rounds),
--   original_known BOOLEAN (false when round 1 is missing from the store: its columns are
--   then null), round INTEGER, appeal_id VARCHAR, received_date DATE, days_since_previous
--   INTEGER (days after the appeal it repeats; null in round 1), in_period BOOLEAN,
--   body_id, region_code, category_code VARCHAR, closed_date DATE, outcome, signed_level
--   VARCHAR, justified BOOLEAN (null while open)
with
scoped as (
    select appeal_id, repeat_of
    from appeals_in(
        $period_start, $period_end,
        $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
    )
    where
        is_repeat
        and group_code(
            $group_by, appeal_type, body_level, body_id, region_code, section_code,
            category_code
        ) = $group_code
        and group_code(
            $group_by2, appeal_type, body_level, body_id, region_code, section_code,
            category_code
        ) = $group_code2
),

detailed as (
    -- an appeal on the paths of several of the unit's repeats is one member of its chain
    select distinct
        repeat_paths.chain_id,
        repeat_paths.appeal_id,
        repeat_paths.parent_id,
        repeat_paths.round,
        repeat_paths.received_date,
        repeat_paths.body_id,
        repeat_paths.region_code,
        repeat_paths.category_code,
        repeat_paths.closed_date,
        repeat_paths.outcome,
        repeat_paths.signed_level,
        repeat_paths.justified,
    from repeat_paths
    inner join scoped on scoped.appeal_id = repeat_paths.start_id
    -- implied by the join (a unit's repeats are its period's); stated, it lets the scan skip
    -- the row groups of other periods (repeat_paths is stored by start_received_date)
    where repeat_paths.start_received_date between $period_start and $period_end
)

select
    detailed.chain_id,
    (max(detailed.round) over (partition by detailed.chain_id))::integer as n_rounds,
    (
        count(*) filter (where detailed.round = 1 and detailed.received_date is not null)
            over (partition by detailed.chain_id)
    ) > 0 as original_known,
    detailed.round::integer as round,
    detailed.appeal_id,
    detailed.received_date,
    (detailed.received_date - parent.received_date)::integer as days_since_previous,
    coalesce(detailed.received_date between $period_start and $period_end, false) as in_period,
    detailed.body_id,
    detailed.region_code,
    detailed.category_code,
    detailed.closed_date,
    detailed.outcome,
    detailed.signed_level,
    detailed.justified,
from detailed
left join detailed as parent
    on parent.appeal_id = detailed.parent_id and parent.chain_id = detailed.chain_id
order by n_rounds desc, detailed.chain_id, round, detailed.received_date, detailed.appeal_id
