package io.sessionstores.jdbc;

import java.util.List;

import io.sessionstores.core.contract.DeployCheckContract;
import io.sessionstores.core.store.SessionStore;
import io.sessionstores.core.store.StoreContext;
import io.sessionstores.core.store.StoreFactory;
import io.sessionstores.core.tool.StoreCommandLine;

/** The {@code deploy-check} command on an in-memory H2 database, the JDBC factory found by ServiceLoader. */
class H2DeployCheckIT extends DeployCheckContract {

    private static final String URL = "jdbc:h2:mem:deploy-check;DB_CLOSE_DELAY=-1";
    private static final String TABLE = "ssit_deploy_check";

    @Override
    protected List<StoreFactory> factories() {
        return StoreCommandLine.backends();
    }

    @Override
    protected List<String> storeOptions() {
        return List.of("--jdbc-url", URL, "--table", TABLE);
    }

    @Override
    protected SessionStore openStore() throws Exception {
        JdbcSessionStore store = new JdbcSessionStore();
        store.setUrl(URL);
        store.setTableName(TABLE);
        store.setCreateSchema(true);
        store.start(new StoreContext(APP, "seed", getClass().getClassLoader(), System::currentTimeMillis));
        return store;
    }
}
