SELECT pg_advisory_lock((x'70677377'::bigint << 32) | 'public.orders'::regclass::oid::bigint);
SELECT pg_backend_pid() AS pid;
