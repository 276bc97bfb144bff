INSERT INTO orders (customer_id, slot) VALUES (1, tsrange('2026-01-02 00:30', '2026-01-02 01:30'))
---
INSERT INTO orders (customer_id, slot) VALUES (1, tsrange('2027-01-01', '2027-01-02'));
SELECT count(*) FROM orders WHERE slot && tsrange('2026-12-31', '2027-12-31')
---
SELECT count(*) FROM orders WHERE slot @> timestamp '2026-01-05 10:15'
