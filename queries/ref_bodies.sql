-- Reference table bodies, copied from data/reference/bodies.csv (described in _reference.yml).
-- Grain: as in the CSV file.
-- params: $path VARCHAR (the CSV file)
-- output: the CSV's columns, all VARCHAR (codes keep their leading zeros), and source
--   VARCHAR ('data/reference'; codes added by imports say 'import')
create or replace table ref_bodies as
select
    *,
    'data/reference' as source,
from read_csv($path, header = true, all_varchar = true)
