SELECT to_regclass('orders_note_idx') IS NULL AS t
