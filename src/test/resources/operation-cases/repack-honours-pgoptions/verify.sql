SELECT (SELECT table_name || '/' || schema_name FROM pgswap.migrations) = 'orders/sales' AND (SELECT count(*) FROM sales.orders) = 100
