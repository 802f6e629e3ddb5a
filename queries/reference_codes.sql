-- Every code the store knows, with its names: the reference tables plus codes added by imports.
-- Grain: one row per kind and code.
-- params: none
-- output: kind VARCHAR (region | body | category), code VARCHAR, parent_code VARCHAR (a
--   topic's section, a question's topic, a local body's region), level VARCHAR (region | city;
--   central | local; section | topic | question), name_ru, name_kk, name_en VARCHAR,
--   source VARCHAR ('data/reference' or 'import')
select
    'region' as kind,
    region_code as code,
    null as parent_code,
    kind as level,
    name_ru,
    name_kk,
    name_en,
    source,
from ref_regions
union all
select 'body', body_id, region_code, level, name_ru, name_kk, name_en, source
from ref_bodies
union all
select 'category', category_code, parent_code, level, name_ru, name_kk, name_en, source
from ref_categories
order by kind, code
