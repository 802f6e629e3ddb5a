-- Appeal numbers that occur more than once in a file being imported, across all its chunks.
-- Grain: one row per row of the file whose appeal_id another row repeats, in file order.
-- params: $file VARCHAR (the Parquet file of the import's appeal_id column, one row per
--   source row in order)
-- output: file_row_number BIGINT (0-based position in the file), appeal_id VARCHAR
with
ids as (
    select file_row_number, appeal_id
    from read_parquet($file, file_row_number = true)
),

repeated as (
    select appeal_id
    from ids
    where appeal_id is not null
    group by appeal_id
    having count(*) > 1
)

select file_row_number, appeal_id
from ids
where appeal_id in (select appeal_id from repeated)
order by file_row_number
