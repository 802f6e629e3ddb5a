-- Each repeat's earlier answer: the signature level of the appeal it repeats (rule 2 of the review algorithm).
-- Grain: updates `appeals` in place, one row per repeat whose earlier appeal is in the store;
--   run after every full build and incremental update, so a repeat added later, or an
--   earlier appeal answered later, is kept in step.
-- params: none
-- output: none (appeals.earlier_signed_level set to the earlier appeal's current signed_level)
update appeals
set earlier_signed_level = earlier.signed_level
from appeals as earlier
where
    appeals.is_repeat
    and earlier.appeal_id = appeals.repeat_of
    and earlier.signed_level is distinct from appeals.earlier_signed_level
