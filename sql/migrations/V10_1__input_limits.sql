-- Limits on absurd input (issue #10, docs/business-rules.md): beyond them a row is rejected with a
-- specific reason instead of reaching stage (or failing the load). Change them with an update in a
-- later migration; every run reads them at its start with the other settings.
insert into ref.settings (key, value, description) values
  ('max_line_quantity', '100000',
   'Largest quantity an order line may have: a larger one is rejected QUANTITY_TOO_LARGE (a typo, a unit mix-up)'),
  ('max_text_length', '1000',
   'Longest free text (a name, a city, a sku, a promo code...) in characters after cleaning: a longer one is rejected TEXT_TOO_LONG');
