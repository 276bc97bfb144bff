SELECT to_regnamespace('pgswap') IS NULL AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE contype IN ('c', 'f') AND conrelid IN ('small'::regclass, 'big'::regclass)) AS t
