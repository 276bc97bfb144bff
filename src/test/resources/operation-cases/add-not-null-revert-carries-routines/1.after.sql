INSERT INTO customer VALUES (5000, 'late');
