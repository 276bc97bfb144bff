SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum)
       = 'id bigint, customer_id integer, code integer, status character varying(20), amount numeric(8,2), seen timestamp with time zone'
   AND (SELECT count(*) = 2000 FROM orders WHERE seen IS NOT NULL)
FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attnum > 0 AND NOT attisdropped
