-- severity: error
-- core.dim_date keys: date_key and date_day present and unique, date_key is the yyyymmdd of date_day, and no day is missing between the first and the last.
with days as (
  select date_key, date_day,
         count(*) over (partition by date_key) as key_rows,
         count(*) over (partition by date_day) as day_rows,
         lead(date_day) over (order by date_day) as next_day
  from core.dim_date
),

final as (
  select case
           when date_key is null or date_day is null then 'null key'
           when key_rows > 1 or day_rows > 1 then 'duplicate key'
           when date_key <> to_char(date_day, 'YYYYMMDD')::int then 'date_key is not yyyymmdd of date_day'
           when next_day <> date_day + 1 then 'days missing after this one'
         end as problem,
         date_key, date_day, next_day
  from days
)

select * from final where problem is not null
