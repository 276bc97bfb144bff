SELECT count(*) FROM orders WHERE created_at BETWEEN '2026-01-01 01:00+00' AND '2026-01-01 02:00+00'
---
SELECT id FROM orders WHERE note = 'n42'
