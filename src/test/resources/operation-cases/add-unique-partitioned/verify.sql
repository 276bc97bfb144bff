SELECT (SELECT contype FROM pg_constraint WHERE conrelid = 'bookings'::regclass AND conname = 'bookings_ref_region_key') = 'u'
   AND (SELECT count(*) FROM pg_inherits WHERE inhparent = 'bookings_ref_region_key'::regclass) = 2
   AND 'bookings_us_by_ref'::regclass IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = 'bookings_ref_region_key'::regclass)
   AND (SELECT count(*) FROM pg_constraint WHERE contype = 'u' AND conrelid IN ('bookings_eu'::regclass, 'bookings_us'::regclass)) = 2
   AND (SELECT bool_and(indisvalid) FROM pg_index WHERE indrelid IN (SELECT relid FROM pg_partition_tree('bookings')))
   AND (SELECT count(*) FROM pgswap.migrations WHERE phase = 'done') = 2
