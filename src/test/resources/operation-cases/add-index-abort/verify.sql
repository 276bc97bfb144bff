SELECT to_regclass('orders_ref_key') IS NULL AND (SELECT array_agg(phase ORDER BY id) FROM pgswap.migrations) = '{aborted,aborted}'
