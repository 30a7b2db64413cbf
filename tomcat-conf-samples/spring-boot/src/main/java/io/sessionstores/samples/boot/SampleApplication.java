package io.sessionstores.samples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application whose sessions live in session-stores' store: form login
 * ({@code alice}/{@code alice}) and a per-session counter. Nothing here knows about session-stores;
 * the starter and {@code application.properties} install it.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
