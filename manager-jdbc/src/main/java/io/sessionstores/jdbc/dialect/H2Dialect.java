package io.sessionstores.jdbc.dialect;

/** H2 2.x: {@code MERGE ... USING} for a new record, {@code FETCH FIRST} for bounded deletes. */
final class H2Dialect extends Dialect {

    @Override
    public String name() {
        return "h2";
    }

    @Override
    protected boolean matches(String productName) {
        return productName.equals("h2");
    }
}
