SELECT (SELECT indisvalid FROM pg_index WHERE indexrelid = 'events_kind_idx'::regclass)
