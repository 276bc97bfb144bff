CREATE TABLE posts (id int PRIMARY KEY, tag_string text);
INSERT INTO posts SELECT g, 'a b c' || g FROM generate_series(1, 500) g;
CREATE INDEX posts_tags_idx ON posts USING gin (string_to_array(tag_string, ' '));
ALTER INDEX posts_tags_idx ALTER COLUMN 1 SET STATISTICS 3000;
CREATE INDEX posts_lower_idx ON posts (lower(tag_string), id);
ALTER INDEX posts_lower_idx ALTER COLUMN 1 SET STATISTICS 250;
