package io.sessionstores.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import io.sessionstores.core.config.ConfigException;

/** The properties as the application starts: read once, every name and conversion checked before Tomcat starts. */
class SessionStoresSettingsTest {

    private static SessionStoresInstaller installer(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(properties)));
        return new SessionStoresInstaller(SessionStoresSettings.bind(env), () -> (DataSource) null, () -> null);
    }

    @Test
    void everySectionIsAppliedToItsComponent() {
        SessionStoresSettings settings = bind(Map.of("session-stores.store", "cached-jdbc",
                "session-stores.manager.max-save-retries", "4", "session-stores.cached-jdbc.table-name", "shop_sessions",
                "session-stores.cached-jdbc.key-prefix", "shop:", "session-stores.cached-jdbc.cache-backoff-millis", "100",
                "session-stores.expiry-valve.batch-size", "50"));
        assertThat(settings.store).isEqualTo(StoreKind.CACHED_JDBC);
        assertThat(settings.manager).containsEntry("max-save-retries", "4");
        assertThat(settings.storeAttributes).containsKeys("table-name", "key-prefix", "cache-backoff-millis");
        assertThat(settings.valveEnabled).isTrue();
        installer(Map.of("session-stores.store", "cached-jdbc", "session-stores.cached-jdbc.table-name", "shop_sessions",
                "session-stores.cached-jdbc.key-prefix", "shop:", "session-stores.cached-jdbc.cache-backoff-millis", "100"));
    }

    @Test
    void anUnknownPropertyStopsTheStartListingTheNamesAllowed() {
        assertThatThrownBy(() -> installer(Map.of("session-stores.store", "redis", "session-stores.redis.key-prefx", "x:")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContainingAll("session-stores.redis.key-prefx", "key-prefix", "bucket-count");
    }

    @Test
    void aValueASetterRefusesStopsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> installer(Map.of("session-stores.store", "jdbc",
                "session-stores.manager.unsaved-status", "five hundred")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContainingAll("'five hundred'", "session-stores.manager.unsaved-status", "a whole number");
    }

    @Test
    void theExpiryValveIsOnUnlessTurnedOff() {
        assertThat(bind(Map.of("session-stores.store", "jdbc", "session-stores.expiry-valve.enabled", "false")).valveEnabled)
                .isFalse();
        assertThatThrownBy(() -> bind(Map.of("session-stores.store", "jdbc", "session-stores.expiry-valve.enabled", "no")))
                .hasMessageContainingAll("session-stores.expiry-valve.enabled", "true or false");
    }

    @Test
    void noStoreStopsTheStart() {
        assertThatThrownBy(() -> bind(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContainingAll("session-stores.store", "redis, jdbc or cached-jdbc");
    }

    private static SessionStoresSettings bind(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(properties)));
        return SessionStoresSettings.bind(env);
    }
}
