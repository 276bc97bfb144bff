-- A migration with a typo: pgswap lint must report it (exit 2), never skip it.
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN note text;
ALTER TABEL orders ADD COLUMN other text;
CREATE INDEX orders_note_idx ON orders (note);
ALTER TABLE orders
  ALTER COLUMN note SET NOT NUL;
