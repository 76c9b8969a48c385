-- V3: create books per author
CREATE VIEW books_per_author AS
SELECT a.id AS author_id, a.name AS author, count(b.id) AS books
FROM authors a
LEFT JOIN books b ON b.author_id = a.id
GROUP BY a.id, a.name;
COMMENT ON VIEW books_per_author IS 'How many books each author has, none included.';
