-- session-stores JDBC store, PostgreSQL. ${table}: the store's tableName (default tomcat_sessions).
-- expires_at NULL: the session never expires. Times in epoch milliseconds.
CREATE TABLE IF NOT EXISTS ${table} (
    app           VARCHAR(255)  NOT NULL,
    id            VARCHAR(1024) NOT NULL,
    expires_at    BIGINT,
    last_access   BIGINT        NOT NULL,
    max_inactive  INTEGER       NOT NULL,
    version       BIGINT        NOT NULL,
    stored_bytes  INTEGER       NOT NULL,
    raw_bytes     INTEGER       NOT NULL,
    principal     VARCHAR(255),
    data          BYTEA         NOT NULL,
    PRIMARY KEY (app, id)
);
CREATE INDEX IF NOT EXISTS ${index}_expires ON ${table} (app, expires_at);
-- Size analysis: "sessions bigger than N bytes" walks this index in (raw_bytes, id) order.
CREATE INDEX IF NOT EXISTS ${index}_raw_size ON ${table} (app, raw_bytes, id);
-- The user index (sessions by user): the principal name each frame carries; tables made before
-- it get the column here.
ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS principal VARCHAR(255);
CREATE INDEX IF NOT EXISTS ${index}_principal ON ${table} (app, principal);
-- The expiry valve's lease: which node deletes expired sessions of an application, until when.
CREATE TABLE IF NOT EXISTS ${table}_lease (
    app           VARCHAR(255)  NOT NULL,
    holder        VARCHAR(255)  NOT NULL,
    expires_at    BIGINT        NOT NULL,
    PRIMARY KEY (app)
);
