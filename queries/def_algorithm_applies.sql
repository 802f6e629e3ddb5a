-- Which answers each rule of the review algorithm (the 2017 letter, DESIGN.md) applies to.
-- Grain: scalar macro over one answered appeal; the rules are judged only on answers whose
--   signature level is known (an unknown level is neither compliant nor a breach).
-- params: none (macro arguments: rule VARCHAR rule1 | rule2 | rule3 | rule4 | legal_basis;
--   is_repeat BOOLEAN; earlier_signed_level VARCHAR or null (the signature of the answer to
--   the appeal this one repeats); outcome VARCHAR; correspondence_ended BOOLEAN;
--   signed_level VARCHAR or null; cites_legal_basis BOOLEAN or null)
-- output: algorithm_applies(...) -> BOOLEAN, never null. rule1: a repeat; rule2: a repeat
--   whose earlier answer was signed by a deputy head; rule3: a refusal; rule4: correspondence
--   declared ended; legal_basis: an answer whose legal-basis flag is known.
create or replace macro algorithm_applies(
    rule, is_repeat, earlier_signed_level, outcome, correspondence_ended, signed_level,
    cites_legal_basis
) as
    signed_level is not null
    and coalesce(
        case rule
            when 'rule1' then is_repeat
            when 'rule2' then is_repeat and earlier_signed_level = 'deputy_head'
            when 'rule3' then outcome = 'refused'
            when 'rule4' then correspondence_ended
            when 'legal_basis' then cites_legal_basis is not null
        end,
        false
    )
