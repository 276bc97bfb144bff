SELECT (SELECT indisunique AND indisvalid FROM pg_index WHERE indexrelid = 'customer_totals_customer_idx'::regclass)
   AND (SELECT n FROM customer_totals WHERE customer = 7) = 101
