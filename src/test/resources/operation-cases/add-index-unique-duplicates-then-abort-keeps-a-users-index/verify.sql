-- the user's index is still there: abort removes only what pgswap made, and pgswap had dropped its own
SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
               WHERE c.relname = 'orders_ref_idx' AND i.indisvalid AND NOT i.indisunique)
   AND (SELECT string_agg(phase, ',') FROM pgswap.migrations) = 'aborted'
