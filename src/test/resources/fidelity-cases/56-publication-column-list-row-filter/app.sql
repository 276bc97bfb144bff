SELECT * FROM pg_publication_tables ORDER BY pubname, tablename
---
UPDATE orders SET status = 'x' WHERE id = 1
