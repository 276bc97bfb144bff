CREATE TABLE t (region text, n int, doc jsonb, at timestamptz, PRIMARY KEY (region, n));
INSERT INTO t SELECT (ARRAY['a', 'b', 'c'])[g % 3 + 1], g, jsonb_build_object('g', g),
       timestamptz '2026-01-01' + g * interval '1 minute'
FROM generate_series(1, 20000) g;
