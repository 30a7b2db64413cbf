package io.sessionstores.core.frame;

import java.util.List;

/**
 * The authenticated user kept with a session (as Tomcat's {@code persistAuthentication} does):
 * name and roles, enough to rebuild a {@code GenericPrincipal} on any node without deserializing
 * a realm's own principal class.
 *
 * @param name  the user name
 * @param roles the user's roles
 */
public record PrincipalInfo(String name, List<String> roles) {
}
