-- Appeals received per month, quarter or year by a breakdown, with the population for rates.
-- Grain: one row per period x group; whole months (a month counts when its first day lies in
--   [month of $period_start, $period_end]), summed from `cells_in`.
-- params: $period_start DATE, $period_end DATE (inclusive, on received_month);
--   $grain VARCHAR: month | quarter | year (period_start is the first day of the period);
--   $breakdown VARCHAR: type | level | region | section (anything else: one group 'all');
--   $data_as_of DATE (the store's latest snapshot: volumes do not depend on it, it lets the
--   rollup answer); $levels, $body_ids, $region_codes, $category_codes, $appeal_types,
--   $channels VARCHAR[] (empty = all)
-- output: period_start DATE, group_code VARCHAR, n_received BIGINT (appeals in the period),
--   population BIGINT (residents in the period's year: the region's own for the region
--   breakdown, else the selected regions' sum, all regions when none is selected),
--   received_per_10k DOUBLE (appeals per 10 000 residents in the period, not annualised)
with
volumes as (
    select
        date_trunc($grain, received_month)::date as period_start,
        group_code(
            $breakdown, appeal_type, body_level, body_id, region_code, section_code,
            category_code
        ) as group_code,
        sum(n_received)::bigint as n_received,
    from cells_in(
        date_trunc('month', $period_start::date)::date, last_day($period_end::date),
        $data_as_of, $data_as_of,
        $levels, $body_ids, $region_codes, $category_codes, $appeal_types, $channels
    )
    group by all
),

population as (
    select
        region_code,
        year::integer as year,
        population::bigint as population,
    from ref_region_population
),

scope_population as (
    select
        year,
        sum(population)::bigint as population,
    from population
    where
        len($region_codes::varchar[]) = 0
        or list_contains($region_codes::varchar[], region_code)
    group by all
),

joined as (
    select
        volumes.period_start,
        volumes.group_code,
        volumes.n_received,
        case
            when $breakdown = 'region' then region_population.population
            else scope_population.population
        end as population,
    from volumes
    left join population as region_population
        on
            region_population.region_code = volumes.group_code
            and region_population.year = year(volumes.period_start)
    left join scope_population
        on scope_population.year = year(volumes.period_start)
)

select
    *,
    n_received * 10000 / population as received_per_10k,
from joined
order by period_start, group_code
