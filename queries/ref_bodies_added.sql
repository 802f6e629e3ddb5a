-- Bodies found in imported snapshots but not in data/reference (imports with new_codes: add),
-- labelled with the raw value the export carried.
-- Grain: one row per added body_id.
-- params: none (reads the store's `appeals`)
-- output: inserts into ref_bodies: body_id, level, region_code (for a local body), name_ru,
--   name_kk, name_en, short_ru (all the raw value), source 'import'
insert into ref_bodies by name
select
    body_id,
    any_value(body_level) as level,
    case when any_value(body_level) = 'local' then any_value(region_code) end as region_code,
    body_id as name_ru,
    body_id as name_kk,
    body_id as name_en,
    body_id as short_ru,
    'import' as source,
from appeals
where body_id not in (select body_id from ref_bodies)
group by body_id
