-- The groupings pages and the CLI break figures down by: one name -> one column.
-- Grain: scalar macro over one appeal's (or rollup row's) dimension columns.
-- params: none (macro arguments: group_by VARCHAR type | level | body | region | section |
--   category (anything else: one group 'all'), and the row's appeal_type, body_level,
--   body_id, region_code, section_code, category_code)
-- output: group_code(...) -> VARCHAR, the code of the row's group
create or replace macro group_code(
    group_by, appeal_type, body_level, body_id, region_code, section_code, category_code
) as
    case group_by
        when 'type' then appeal_type
        when 'level' then body_level
        when 'body' then body_id
        when 'region' then region_code
        when 'section' then section_code
        when 'category' then category_code
        else 'all'
    end
