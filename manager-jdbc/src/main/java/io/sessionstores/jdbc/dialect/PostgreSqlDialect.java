package io.sessionstores.jdbc.dialect;

/**
 * PostgreSQL: {@code INSERT ... ON CONFLICT DO UPDATE ... WHERE} for a new record, bounded
 * deletes by {@code ctid} with {@code FOR UPDATE SKIP LOCKED}.
 */
final class PostgreSqlDialect extends Dialect {

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    protected boolean matches(String productName) {
        return productName.contains("postgresql");
    }
}
