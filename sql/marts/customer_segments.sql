-- grain: one row per live buyer (a customer, not deleted, with at least one revenue order)
--
-- materialization: table, incremental by customer. Recency is measured to the as-of date, the
-- latest order date in core.fact_orders (never "today", so a rebuild gives the same rows). Only
-- the customers changed since this model's last build are recomputed (every buyer on a full
-- refresh); when the as-of date moves, the others' recency and recency score are updated.
-- Segments: ref.customer_segments; RFM bands: ref.rfm_scores (docs/marts.md).

select ctl.truncate_if_full_build('mart.customer_segments', 'customer_segments', '{fact_orders,dim_customer}');

create temporary table customer_segments_as_of on commit drop as
with as_of as (
  select max(f.order_date) as as_of_date
  from core.fact_orders f
)
select a.as_of_date,
       (select ctl.is_full_build('customer_segments', '{fact_orders,dim_customer}')) as full_build
from as_of a;

create temporary table customer_segments_scope on commit drop as
select distinct c.source_system, c.entity_id as customer_id
from ctl.pending_changes('customer_segments', '{fact_orders,dim_customer}') c
where c.kind = 'customer'
union
select distinct f.source_system, f.customer_id
from core.fact_orders f
where f.customer_id is not null and (select full_build from customer_segments_as_of);

create unique index on customer_segments_scope (source_system, customer_id);
analyze customer_segments_scope;

delete from mart.customer_segments m
using customer_segments_scope s
where m.source_system = s.source_system and m.customer_id = s.customer_id;

select ctl.mark_built('customer_segments');

-- The other buyers' orders did not change: when the as-of date moves only their recency does, and
-- the recency score with it (segment, frequency and monetary scores stay). The score is looked up
-- as the insert below does: a recency no band covers fails on r_score's not-null, as it would there.
update mart.customer_segments m
set as_of_date = r.as_of_date,
    recency_days = r.recency_days,
    r_score = r.r_score,
    rfm_cell = r.r_score::text || m.f_score::text || m.m_score::text,
    rfm_total = r.r_score + m.f_score + m.m_score,
    run_id = current_setting('martflow.run_id')
from (
  select b.source_system, b.customer_id, a.as_of_date, a.as_of_date - b.last_order_date as recency_days,
         (select s.score from ref.rfm_scores s
          where s.metric = 'recency' and a.as_of_date - b.last_order_date >= s.min_value
            and (s.max_value is null or a.as_of_date - b.last_order_date < s.max_value)) as r_score
  from mart.customer_segments b
  cross join customer_segments_as_of a
  where b.as_of_date is distinct from a.as_of_date
) r
where m.source_system = r.source_system and m.customer_id = r.customer_id;

insert into mart.customer_segments (
  source_system, customer_id, as_of_date, revenue_orders, net_revenue, last_order_date,
  recency_days, segment, segment_rank, r_score, f_score, m_score, rfm_cell, rfm_total, run_id)
with
-- import CTEs
orders as (
  select f.*
  from core.fact_orders f
  join customer_segments_scope s on s.source_system = f.source_system and s.customer_id = f.customer_id
  where f.is_revenue
),
deleted_customers as (
  select c.source_system, c.customer_id
  from core.dim_customer c
  join customer_segments_scope s on s.source_system = c.source_system and s.customer_id = c.customer_id
  where c.is_current and c.is_deleted
),
as_of as (
  select a.as_of_date
  from customer_segments_as_of a
),
segments as (
  select s.segment, s.rank, s.min_net_revenue, s.min_revenue_orders
  from ref.customer_segments s
),
rfm_scores as (
  select r.metric, r.score, r.min_value, r.max_value
  from ref.rfm_scores r
),
-- logic CTEs
buyers as (
  select o.source_system,
         o.customer_id,
         count(*) as revenue_orders,
         sum(o.items_net) as net_revenue,
         max(o.order_date) as last_order_date
  from orders o
  where not exists (select 1 from deleted_customers d
                    where d.source_system = o.source_system and d.customer_id = o.customer_id)
  group by o.source_system, o.customer_id
),
measured as (
  select b.*, a.as_of_date, a.as_of_date - b.last_order_date as recency_days
  from buyers b
  cross join as_of a
),
scored as (
  select m.*,
         seg.segment,
         seg.rank as segment_rank,
         (select r.score from rfm_scores r
          where r.metric = 'recency' and m.recency_days >= r.min_value
            and (r.max_value is null or m.recency_days < r.max_value)) as r_score,
         (select r.score from rfm_scores r
          where r.metric = 'frequency' and m.revenue_orders >= r.min_value
            and (r.max_value is null or m.revenue_orders < r.max_value)) as f_score,
         (select r.score from rfm_scores r
          where r.metric = 'monetary' and m.net_revenue >= r.min_value
            and (r.max_value is null or m.net_revenue < r.max_value)) as m_score
  from measured m
  cross join lateral (
    select s.segment, s.rank
    from segments s
    where m.net_revenue >= s.min_net_revenue and m.revenue_orders >= s.min_revenue_orders
    order by s.rank
    limit 1
  ) seg
),
final as (
  select s.source_system,
         s.customer_id,
         s.as_of_date,
         s.revenue_orders,
         s.net_revenue,
         s.last_order_date,
         s.recency_days,
         s.segment,
         s.segment_rank,
         s.r_score,
         s.f_score,
         s.m_score,
         s.r_score::text || s.f_score::text || s.m_score::text as rfm_cell,
         s.r_score + s.f_score + s.m_score as rfm_total,
         current_setting('martflow.run_id') as run_id
  from scored s
)
select * from final;
