-- Flyway V4: a new table, run by Flyway in one transaction.
SET LOCAL lock_timeout = '2s';

CREATE TABLE invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    "Amount" numeric(12, 2) NOT NULL,
    issued_at timestamptz NOT NULL DEFAULT now(),
    note varchar(200)
);

-- indexes on a new, empty table are fine without CONCURRENTLY
CREATE INDEX invoices_order_id_idx ON invoices (order_id);
ALTER TABLE invoices ADD CONSTRAINT invoices_amount_positive CHECK ("Amount" > 0);
ALTER TABLE invoices ALTER COLUMN note TYPE varchar(400);
ALTER TABLE invoices ALTER COLUMN note TYPE text;
ALTER TABLE invoices RENAME COLUMN note TO remarks;

-- but the existing orders table is another matter
ALTER TABLE orders ADD COLUMN invoice_id bigint;
ALTER TABLE orders ADD CONSTRAINT orders_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoices (id) NOT VALID;
CREATE INDEX CONCURRENTLY orders_invoice_id_idx ON orders (invoice_id);
