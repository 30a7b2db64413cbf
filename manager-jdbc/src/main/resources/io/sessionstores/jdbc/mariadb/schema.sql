-- session-stores JDBC store, MariaDB 10.x / MySQL 8. ${table}: the store's tableName.
-- expires_at NULL: the session never expires. Times in epoch milliseconds.
-- app and id are VARBINARY: compared byte for byte (a case-insensitive collation would make two
-- ids that differ in case one session), and small enough for InnoDB's 3072-byte key limit.
-- ${index}_raw_size: size analysis walks it in (raw_bytes, id) order.
-- LONGBLOB: no 64 KiB BLOB ceiling (the server's max_allowed_packet bounds one session).
CREATE TABLE IF NOT EXISTS ${table} (
    app           VARBINARY(255)  NOT NULL,
    id            VARBINARY(1024) NOT NULL,
    expires_at    BIGINT,
    last_access   BIGINT          NOT NULL,
    max_inactive  INT             NOT NULL,
    version       BIGINT          NOT NULL,
    stored_bytes  INT             NOT NULL,
    raw_bytes     INT             NOT NULL,
    principal     VARBINARY(255),
    data          LONGBLOB        NOT NULL,
    PRIMARY KEY (app, id),
    INDEX ${index}_expires (app, expires_at),
    INDEX ${index}_raw_size (app, raw_bytes, id),
    INDEX ${index}_principal (app, principal)
) ENGINE=InnoDB;
-- The user index (sessions by user): tables made before it get the column and its index here.
ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS principal VARBINARY(255);
CREATE INDEX IF NOT EXISTS ${index}_principal ON ${table} (app, principal);
-- The expiry valve's lease: which node deletes expired sessions of an application, until when.
CREATE TABLE IF NOT EXISTS ${table}_lease (
    app           VARBINARY(255)  NOT NULL,
    holder        VARCHAR(255)    NOT NULL,
    expires_at    BIGINT          NOT NULL,
    PRIMARY KEY (app)
) ENGINE=InnoDB;
