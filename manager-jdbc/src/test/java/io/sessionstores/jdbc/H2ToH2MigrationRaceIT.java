package io.sessionstores.jdbc;

/**
 * The migration races from one in-memory H2 database to another: H2 as the old store and as the
 * new one, which keeps the tombstones.
 */
class H2ToH2MigrationRaceIT extends JdbcMigrationRaceContract {

    H2ToH2MigrationRaceIT() {
        super("ssit_race_h2_to_h2");
    }

    @Override
    String sourceUrl() {
        return "jdbc:h2:mem:race-old;DB_CLOSE_DELAY=-1";
    }

    @Override
    String targetUrl() {
        return "jdbc:h2:mem:race-new;DB_CLOSE_DELAY=-1";
    }
}
