-- Regions found in imported snapshots but not in data/reference (imports with new_codes: add),
-- named by the text the export carried (imported_labels) or else by the raw code.
-- Grain: one row per added region_code.
-- params: none (reads the store's `appeals` and the build's view `imported_labels`: kind,
--   code, name_ru, name_kk, name_en of codes imports gave to texts)
-- output: inserts into ref_regions: region_code, name_ru, name_kk, name_en (the text, or the
--   raw code), source 'import'
insert into ref_regions by name
with
added as (
    select distinct region_code
    from appeals
    where region_code not in (select region_code from ref_regions)
)
select
    a.region_code,
    coalesce(l.name_ru, a.region_code) as name_ru,
    coalesce(l.name_kk, a.region_code) as name_kk,
    coalesce(l.name_en, a.region_code) as name_en,
    'import' as source,
from added as a
left join imported_labels as l on l.kind = 'region_code' and l.code = a.region_code
