package io.sessionstores.jdbc;

/** The user index of the JDBC store on H2 (in memory). */
class H2UserIndexIT extends JdbcUserIndexContract {

    @Override
    protected String jdbcUrl() {
        return "jdbc:h2:mem:h2userindexit;DB_CLOSE_DELAY=-1";
    }
}
