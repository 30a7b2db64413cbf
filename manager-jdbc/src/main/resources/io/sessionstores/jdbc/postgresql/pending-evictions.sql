-- Cached-JDBC only: sessions deleted (or moved by changeId), or written, while Redis could not be
-- told; every node serves no cached record (nor a copy) of these ids until a node that reaches Redis
-- evicts it and clears the row. since: when it was recorded, by the database's clock (epoch milliseconds).
CREATE TABLE IF NOT EXISTS ${table}_evictions (
    app           VARCHAR(255)  NOT NULL,
    id            VARCHAR(1024) NOT NULL,
    since         BIGINT        NOT NULL,
    PRIMARY KEY (app, id)
);
