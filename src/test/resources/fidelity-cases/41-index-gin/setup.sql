CREATE TABLE orders (id bigserial PRIMARY KEY, ref text NOT NULL, customer_id bigint NOT NULL, status text,
                     amount numeric(10,2) NOT NULL DEFAULT 0, note text, doc jsonb, tags text[]);

INSERT INTO orders (ref, customer_id, status, note, doc, tags)
SELECT 'R' || g, g % 50, 'new', 'the quick brown fox ' || g, jsonb_build_object('k', g % 5, 'g', g),
       ARRAY['t' || g % 3, 't' || g % 7]
FROM generate_series(1, 300) g;
CREATE INDEX orders_doc_idx ON orders USING gin (doc jsonb_path_ops);
CREATE INDEX orders_tags_idx ON orders USING gin (tags) WITH (fastupdate = off);
CREATE INDEX orders_note_fts_idx ON orders USING gin (to_tsvector('simple', note));
