CREATE TABLE customer (customer_id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO customer SELECT g, 'c' || g FROM generate_series(1, 50) g;
CREATE TABLE payment (payment_id bigserial, customer_id integer NOT NULL REFERENCES customer,
                      amount numeric(5,2) NOT NULL, payment_date timestamptz NOT NULL,
                      PRIMARY KEY (payment_date, payment_id)) PARTITION BY RANGE (payment_date);
CREATE INDEX payment_customer_idx ON payment (customer_id);
CREATE TABLE payment_p2022_01 PARTITION OF payment FOR VALUES FROM ('2022-01-01 00:00:00+00') TO ('2022-02-01 00:00:00+00');
CREATE TABLE payment_p2022_02 PARTITION OF payment FOR VALUES FROM ('2022-02-01 00:00:00+00') TO ('2022-03-01 00:00:00+00');
CREATE FUNCTION payment_touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.amount := round(NEW.amount, 2); RETURN NEW; END$$;
CREATE TRIGGER payment_touch BEFORE INSERT OR UPDATE ON payment FOR EACH ROW EXECUTE FUNCTION payment_touch();
INSERT INTO payment (customer_id, amount, payment_date)
SELECT 1 + g % 50, (g % 1000) / 100.0, timestamptz '2022-01-01 00:00:00+00' + (g % 59) * interval '1 day' + g * interval '1 second'
FROM generate_series(1, 3000) g;
DELETE FROM payment WHERE payment_id % 7 = 0;
CREATE TABLE expected AS SELECT * FROM payment;
