-- Bodies found in imported snapshots but not in data/reference (imports with new_codes: add),
-- named by the text the export carried (imported_labels) or else by the raw value.
-- Grain: one row per added body_id.
-- params: none (reads the store's `appeals` and the build's view `imported_labels`: kind,
--   code, name_ru, name_kk, name_en of codes imports gave to texts)
-- output: inserts into ref_bodies: body_id, level, region_code (for a local body), name_ru,
--   name_kk, name_en, short_ru (the text, or the raw value), source 'import'
insert into ref_bodies by name
with
added as (
    select
        body_id,
        any_value(body_level) as level,
        case when any_value(body_level) = 'local' then any_value(region_code) end
            as region_code,
    from appeals
    where body_id not in (select body_id from ref_bodies)
    group by body_id
)
select
    a.body_id,
    a.level,
    a.region_code,
    coalesce(l.name_ru, a.body_id) as name_ru,
    coalesce(l.name_kk, a.body_id) as name_kk,
    coalesce(l.name_en, a.body_id) as name_en,
    coalesce(l.name_ru, a.body_id) as short_ru,
    'import' as source,
from added as a
left join imported_labels as l on l.kind = 'body_id' and l.code = a.body_id
