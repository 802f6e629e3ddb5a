-- Regions found in imported snapshots but not in data/reference (imports with new_codes: add),
-- labelled with the raw code the export carried.
-- Grain: one row per added region_code.
-- params: none (reads the store's `appeals`)
-- output: inserts into ref_regions: region_code, name_ru, name_kk, name_en (the raw code),
--   source 'import'
insert into ref_regions by name
select distinct
    region_code,
    region_code as name_ru,
    region_code as name_kk,
    region_code as name_en,
    'import' as source,
from appeals
where region_code not in (select region_code from ref_regions)
