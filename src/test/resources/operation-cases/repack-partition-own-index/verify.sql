SELECT (SELECT indrelid FROM pg_index WHERE indexrelid = 'logs_2025_msg_idx'::regclass) = 'logs_2025'::regclass
   AND NOT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = 'logs_2025_msg_idx'::regclass)
   AND pg_get_indexdef('logs_2025_msg_idx'::regclass) LIKE '%WHERE (msg IS NOT NULL)%'
   AND obj_description('logs_2025_msg_idx'::regclass, 'pg_class') = 'only this year'
   AND (SELECT count(*) FROM logs) = 4000
