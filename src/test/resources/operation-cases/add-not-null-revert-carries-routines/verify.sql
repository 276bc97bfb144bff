SELECT (SELECT count(*) FROM with_email()) = 901
   AND (SELECT count(*) FROM customer WHERE email IS NULL) = 100
   AND (SELECT prorettype FROM pg_proc WHERE proname = 'with_email') = 'customer'::regtype
