-- Categories found in imported snapshots but not in data/reference (imports with
-- new_codes: add), with the section or topic above them when that is missing too.
-- Grain: one row per added category_code.
-- params: none (reads the store's `appeals`)
-- output: inserts into ref_categories: category_code, parent_code, level (section | topic |
--   question), name_ru, name_kk, name_en (the raw code), source 'import'
insert into ref_categories by name
with
codes as (
    select distinct category_code as code from appeals
    union
    select distinct left(category_code, 5) from appeals where length(category_code) > 5
    union
    select distinct left(category_code, 2) from appeals
),
missing as (
    select code from codes where code not in (select category_code from ref_categories)
)
select
    code as category_code,
    case length(code) when 2 then null when 5 then left(code, 2) else left(code, 5) end
        as parent_code,
    case length(code) when 2 then 'section' when 5 then 'topic' else 'question' end as level,
    code as name_ru,
    code as name_kk,
    code as name_en,
    'import' as source,
from missing
