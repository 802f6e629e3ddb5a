-- The filter predicate every page shares: one place decides what "all" means (an empty list).
-- Grain: scalar macro over one appeal's dimension columns.
-- params: none (macro arguments, all VARCHAR[] lists where empty = all:
--   levels, body_ids, region_codes, category_codes (a section code "02" selects its topics),
--   appeal_types, channels; and the row's body_level, body_id, region_code, category_code,
--   appeal_type, channel)
-- output: in_filters(...) -> BOOLEAN
create or replace macro in_filters(
    levels, body_ids, region_codes, category_codes, appeal_types, channels,
    body_level, body_id, region_code, category_code, appeal_type, channel
) as
    (len(levels::varchar[]) = 0 or list_contains(levels::varchar[], body_level))
    and (len(body_ids::varchar[]) = 0 or list_contains(body_ids::varchar[], body_id))
    and (len(region_codes::varchar[]) = 0 or list_contains(region_codes::varchar[], region_code))
    and (
        len(category_codes::varchar[]) = 0
        or list_contains(category_codes::varchar[], category_code)
        or list_contains(category_codes::varchar[], left(category_code, 2))
        or list_contains(category_codes::varchar[], left(category_code, 5))
    )
    and (len(appeal_types::varchar[]) = 0 or list_contains(appeal_types::varchar[], appeal_type))
    and (len(channels::varchar[]) = 0 or list_contains(channels::varchar[], channel))
