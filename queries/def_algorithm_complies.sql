-- Whether an answer a rule applies to complies with it (the review algorithm, DESIGN.md).
-- Grain: scalar macro over one answered appeal (use with algorithm_applies).
-- params: none (macro arguments: rule VARCHAR rule1 | rule2 | rule3 | rule4 | legal_basis;
--   signed_level VARCHAR; cites_legal_basis BOOLEAN or null)
-- output: algorithm_complies(...) -> BOOLEAN, never null. rule1 and rule3: signed by a deputy
--   head or the first head; rule2 and rule4: signed by the first head; legal_basis: the answer
--   cites the legal acts it rests on.
create or replace macro algorithm_complies(rule, signed_level, cites_legal_basis) as
    coalesce(
        case rule
            when 'rule1' then signed_level in ('deputy_head', 'first_head')
            when 'rule2' then signed_level = 'first_head'
            when 'rule3' then signed_level in ('deputy_head', 'first_head')
            when 'rule4' then signed_level = 'first_head'
            when 'legal_basis' then cites_legal_basis
        end,
        false
    )
