-- Schema 8: prefix indexes for full-text search. A search for `prin*` had to gather and merge
-- the whole doclist of every word starting with "prin" before the first row (17-20 ms at a
-- million tickets, every time); with an index of each word's first 2, 3 and 4 characters it
-- reads the newest matches first and stops at the page's end (well under 1 ms). Longer
-- prefixes still merge, over fewer and rarer words.
-- FTS5 options are fixed when the table is made: the table is made again and filled from the
-- tickets and their conversations, as the triggers fill it (a few minutes at a million
-- tickets, once, the first time a tend of this version opens the desk).

DROP TABLE ticket_fts;

CREATE VIRTUAL TABLE ticket_fts USING fts5 (
    title, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);

INSERT INTO ticket_fts (rowid, title, body)
SELECT t.id, t.title, t.description || char(10) || coalesce(
    (SELECT group_concat(body, char(10)) FROM (SELECT body FROM entries WHERE ticket_id = t.id ORDER BY id)), '')
FROM tickets t;
