-- severity: error
-- mart.customer_segments accepted values: segment one of ref.customer_segments with its rank, rfm_cell and rfm_total made of the three scores, recency_days = as_of_date - last_order_date.
with segments as (
  select source_system, customer_id, segment, segment_rank, r_score, f_score, m_score, rfm_cell, rfm_total,
         as_of_date, last_order_date, recency_days
  from mart.customer_segments
),

reference as (
  select segment, rank
  from ref.customer_segments
),

checked as (
  select s.source_system, s.customer_id, v.problem, v.value
  from segments s
  left join reference r on r.segment = s.segment
  cross join lateral (values
    (case when r.segment is null then 'segment not in ref.customer_segments' end, s.segment),
    (case when r.segment is not null and r.rank <> s.segment_rank then 'segment_rank is not the segment''s' end,
     s.segment || ' ' || s.segment_rank),
    (case when s.rfm_cell <> s.r_score::text || s.f_score::text || s.m_score::text
               or s.rfm_total <> s.r_score + s.f_score + s.m_score
          then 'rfm_cell or rfm_total not made of the scores' end, s.rfm_cell || ' ' || s.rfm_total),
    (case when s.recency_days <> s.as_of_date - s.last_order_date then 'recency_days <> as_of_date - last_order_date' end,
     s.recency_days::text)
  ) as v(problem, value)
),

final as (
  select problem, source_system, customer_id, value
  from checked
  where problem is not null
)

select * from final
