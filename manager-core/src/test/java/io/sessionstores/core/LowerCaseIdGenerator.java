package io.sessionstores.core;

import java.util.Locale;

import org.apache.catalina.util.StandardSessionIdGenerator;

/** A custom id generator whose ids the Manager's id check refuses (lower-case hex), for start-up checks. */
public class LowerCaseIdGenerator extends StandardSessionIdGenerator {

    @Override
    public String generateSessionId(String route) {
        return super.generateSessionId(route).toLowerCase(Locale.ROOT);
    }
}
