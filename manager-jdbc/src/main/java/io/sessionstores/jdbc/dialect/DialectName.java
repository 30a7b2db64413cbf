package io.sessionstores.jdbc.dialect;

/** Values of the JDBC store's {@code dialect} attribute. MySQL uses the MariaDB dialect. */
public enum DialectName {
    /** H2 2.x, embedded (file or memory) or server. */
    H2,
    /** PostgreSQL 9.5 or later ({@code ON CONFLICT}, {@code SKIP LOCKED}). */
    POSTGRESQL,
    /** MariaDB 10.3 or later. */
    MARIADB,
    /** MySQL 8: the MariaDB dialect. */
    MYSQL
}
