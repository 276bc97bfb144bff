SELECT pubname, schemaname, tablename FROM pg_publication_tables ORDER BY pubname, tablename
---
UPDATE orders SET note = 'x' WHERE id = 1
