SELECT (SELECT convalidated AND confdeltype = 'c' AND array_length(conkey, 1) = 2
        FROM pg_constraint WHERE conname = 'lines_order_fk')
   AND (SELECT count(*) FROM order_lines) = 500
