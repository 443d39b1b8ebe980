-- Schema 6: the OS account on replies, notes and articles, and the history of each article.
-- Rows written before this schema have no OS account (NULL, shown as "unknown").

ALTER TABLE entries ADD COLUMN os_user TEXT;

-- The OS account that created the article (`author` is the name it is credited to).
ALTER TABLE articles ADD COLUMN os_user TEXT;

-- Every create and edit of an article: when, by whom, as which OS account, and which fields.
CREATE TABLE article_history (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    at         INTEGER NOT NULL,
    actor      TEXT    NOT NULL,
    os_user    TEXT,
    what       TEXT    NOT NULL
);
CREATE INDEX article_history_article ON article_history (article_id, id);
