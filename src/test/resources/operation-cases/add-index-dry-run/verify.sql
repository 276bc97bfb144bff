SELECT to_regnamespace('pgswap') IS NULL AND to_regclass('orders_customer_id_idx') IS NULL
