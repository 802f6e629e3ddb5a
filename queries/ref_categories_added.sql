-- Categories found in imported snapshots but not in data/reference (imports with
-- new_codes: add), with the section or topic above them when that is missing too; named by
-- the text the export carried (imported_labels: topics given as words sit under an
-- "imported topics" section) or else by the raw code.
-- Grain: one row per added category_code.
-- params: none (reads the store's `appeals` and the build's view `imported_labels`: kind,
--   code, name_ru, name_kk, name_en of codes imports gave to texts)
-- output: inserts into ref_categories: category_code, parent_code, level (section | topic |
--   question), name_ru, name_kk, name_en (the text, or the raw code), source 'import'
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
    m.code as category_code,
    case length(m.code) when 2 then null when 5 then left(m.code, 2) else left(m.code, 5) end
        as parent_code,
    case length(m.code) when 2 then 'section' when 5 then 'topic' else 'question' end as level,
    coalesce(l.name_ru, m.code) as name_ru,
    coalesce(l.name_kk, m.code) as name_kk,
    coalesce(l.name_en, m.code) as name_en,
    'import' as source,
from missing as m
left join imported_labels as l
    on l.kind in ('category_code', 'category_section') and l.code = m.code
