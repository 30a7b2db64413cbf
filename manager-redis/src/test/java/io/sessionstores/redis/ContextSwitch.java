package io.sessionstores.redis;

import io.sessionstores.core.it.ContextXml;
import io.sessionstores.core.it.SessionTestApp;
import io.sessionstores.core.it.TomcatNode;
import io.sessionstores.testsupport.TestServices;

/** Switching the test webapp's context from one store to another, as an operator does: restart with a new context.xml. */
final class ContextSwitch {

    private ContextSwitch() {
    }

    /** Stops {@code running} (if any) and starts a new Tomcat whose context.xml holds {@code store}. */
    static TomcatNode restart(TomcatNode running, String name, String store) {
        if (running != null) {
            running.close();
        }
        return TomcatNode.start(name, SessionTestApp.war(ContextXml.sessionStoreManager().store(store).xml()));
    }

    /** The JDBC store's attributes for PostgreSQL and {@code table}, each name preceded by {@code prefix} ("" or "migrateFrom."). */
    static String jdbcAttributes(String prefix, String table) {
        return prefix + "url=\"" + ContextXml.escape(TestServices.postgresUrl()) + "\" " + prefix + "tableName=\""
                + table + "\" " + prefix + "createSchema=\"true\"";
    }
}
