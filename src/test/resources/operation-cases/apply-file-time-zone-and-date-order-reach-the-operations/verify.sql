-- New York local time 01:00:01 + 1 h is 06:00:01 UTC; 01/02/2024 is the 1st of February day-first; Tokyo's zone
SELECT (SELECT created_at = '2024-01-01 06:00:01+00' AND ds = '2024-02-01' FROM posts WHERE id = 1)
   AND (SELECT count(*) FILTER (WHERE zone IS DISTINCT FROM 'JST') = 0 FROM posts)
