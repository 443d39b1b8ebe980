-- Schema 2: the knowledge base, its links to tickets, and its full-text index.

CREATE TABLE articles (
    id         INTEGER PRIMARY KEY,
    title      TEXT    NOT NULL CHECK (length(title) > 0),
    body       TEXT    NOT NULL DEFAULT '',
    state      TEXT    NOT NULL CHECK (state IN ('draft', 'internal', 'published')),
    author     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE INDEX articles_updated ON articles (updated_at, id);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag        TEXT    NOT NULL,
    PRIMARY KEY (article_id, tag)
) WITHOUT ROWID;
CREATE INDEX article_tags_tag ON article_tags (tag, article_id);

CREATE TABLE article_links (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (article_id, ticket_id)
) WITHOUT ROWID;
CREATE INDEX article_links_ticket ON article_links (ticket_id, article_id);

CREATE VIRTUAL TABLE article_fts USING fts5 (
    title, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
    DELETE FROM article_fts WHERE rowid = old.id;
    INSERT INTO article_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM article_fts WHERE rowid = old.id;
END;
