package io.sessionstores.core.it;

import java.security.Principal;
import java.util.List;
import org.apache.catalina.realm.GenericPrincipal;
import org.apache.catalina.realm.RealmBase;

/**
 * A realm that knows one user, {@value #USER} (password {@value #PASSWORD}), in the role
 * {@value #ROLE}; named by the test webapp's context.xml so that {@code request.login} works.
 */
public final class TestRealm extends RealmBase {

    /** The only user. */
    public static final String USER = "alice";
    /** Her password. */
    public static final String PASSWORD = "secret";
    /** Her role. */
    public static final String ROLE = "admin";

    @Override
    protected String getPassword(String username) {
        return USER.equals(username) ? PASSWORD : null;
    }

    @Override
    protected Principal getPrincipal(String username) {
        return USER.equals(username) ? new GenericPrincipal(username, List.of(ROLE)) : null;
    }
}
