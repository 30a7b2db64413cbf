package io.sessionstores.core;

import java.io.IOException;

import jakarta.servlet.ServletException;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Marks where the application starts in the context's pipeline, for the {@link SessionSaveValve}:
 * added by the Manager at start as the last valve, after Tomcat's authenticator (do not configure
 * it yourself). Before it, Tomcat's lookups of the requested session read the store only when the
 * authenticator authenticates the request; from it on, every lookup does (see
 * {@link RequestSaves}).
 */
public final class ApplicationStartValve extends ValveBase {

    private final SessionSaveValve saveValve;

    ApplicationStartValve(SessionSaveValve saveValve) {
        super(true);
        this.saveValve = saveValve;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        saveValve.applicationStarts();
        getNext().invoke(request, response);
    }
}
