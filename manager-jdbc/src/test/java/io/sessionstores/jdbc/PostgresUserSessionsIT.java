package io.sessionstores.jdbc;

import io.sessionstores.core.contract.UserSessionsContract;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.testsupport.TestServices;

/** Sessions by user with two Tomcats on the JDBC store, PostgreSQL. */
class PostgresUserSessionsIT extends UserSessionsContract {

    private static final String TABLE = "ssit_user_sessions";

    @Override
    protected String storeElement() {
        return TestTables.storeElement(TestServices.postgresUrl(), TABLE);
    }

    @Override
    protected String nodeName() {
        return "pg-users";
    }

    @Override
    protected void cleanUp(SessionStore store) throws Exception {
        TestTables.deleteRows(TestServices.postgresUrl(), TABLE);
    }
}
