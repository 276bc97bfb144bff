SELECT count(*) FROM orders WHERE doc @> '{"k": 1}'
---
SELECT count(*) FROM orders WHERE tags && ARRAY['t1']
---
SELECT count(*) FROM orders WHERE to_tsvector('simple', note) @@ to_tsquery('simple', 'fox & 12')
