SELECT NOT EXISTS (SELECT * FROM events EXCEPT SELECT * FROM expected)
   AND NOT EXISTS (SELECT * FROM expected EXCEPT SELECT * FROM events)
   AND (SELECT count(*) FROM eu_events) = 2000
   AND (SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE oid = 'events_eu'::regclass) = 'FOR VALUES IN (''de'', ''fr'', ''it'')'
   AND NOT EXISTS (SELECT 1 FROM ONLY events_eu WHERE region NOT IN ('de', 'fr', 'it'))
   AND pg_get_viewdef('eu_events'::regclass) LIKE '%events%'
