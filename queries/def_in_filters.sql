-- The filter predicate every page shares: one place decides what "all" means (an empty list).
-- Grain: scalar macro over one appeal's dimension columns.
-- params: none (macro arguments, all VARCHAR[] lists where empty = all:
--   levels, body_ids, region_codes, category_codes (a section code "02" selects its topics),
--   appeal_types, channels; and the row's body_level, body_id, region_code, category_code,
--   section_code (its first two characters), topic_code (its first five: a sub-topic
--   "03.01.02" is selected by its topic "03.01"), appeal_type, channel. Section and topic
--   are columns of the store, not computed here: cutting a string on every row was most of
--   a filtered scan's time)
-- output: in_filters(...) -> BOOLEAN
create or replace macro in_filters(
    levels, body_ids, region_codes, category_codes, appeal_types, channels,
    body_level, body_id, region_code, category_code, section_code, topic_code, appeal_type,
    channel
) as
    (len(levels::varchar[]) = 0 or list_contains(levels::varchar[], body_level))
    and (len(body_ids::varchar[]) = 0 or list_contains(body_ids::varchar[], body_id))
    and (len(region_codes::varchar[]) = 0 or list_contains(region_codes::varchar[], region_code))
    and (
        -- a listed code is compared with the one column of its length (a section has 2
        -- characters, a topic 5): the lists are constants, so each comparison whose list is
        -- empty folds away before the scan, and a row pays for one lookup instead of three
        len(category_codes::varchar[]) = 0
        or (
            len(list_filter(category_codes::varchar[], lambda c: length(c) = 2)) > 0
            and list_contains(
                list_filter(category_codes::varchar[], lambda c: length(c) = 2), section_code
            )
        )
        or (
            len(list_filter(category_codes::varchar[], lambda c: length(c) = 5)) > 0
            and list_contains(
                list_filter(category_codes::varchar[], lambda c: length(c) = 5), topic_code
            )
        )
        or (
            len(list_filter(category_codes::varchar[], lambda c: length(c) not in (2, 5))) > 0
            and list_contains(
                list_filter(category_codes::varchar[], lambda c: length(c) not in (2, 5)),
                category_code
            )
        )
    )
    and (len(appeal_types::varchar[]) = 0 or list_contains(appeal_types::varchar[], appeal_type))
    and (len(channels::varchar[]) = 0 or list_contains(channels::varchar[], channel))
