SELECT indisclustered AS t FROM pg_index WHERE indexrelid = 'orders_pkey'::regclass AND to_regclass('audit') IS NOT NULL
