SELECT string_agg(code, ',' ORDER BY code) FROM orders WHERE id <= 10
---
SELECT min(code), max(code), min(label), max(label) FROM orders
---
SELECT count(*) FROM orders WHERE code < 'a'
