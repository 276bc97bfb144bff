-- new rows are checked all the same
INSERT INTO legacy_refs VALUES (1000, 999999)
---
INSERT INTO legacy_refs VALUES (1000, 1);
SELECT count(*) FROM legacy_refs
---
DELETE FROM orders WHERE id = 1
