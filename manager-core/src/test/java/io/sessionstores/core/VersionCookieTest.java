package io.sessionstores.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The version cookie's value is untrusted: anything but a well-formed value for this session counts as none. */
class VersionCookieTest {

    private static final String ID = "5E55100000000000000000000000000A";
    private static final String OTHER = "5E55100000000000000000000000000B";

    @Test
    void aValueForThisSessionGivesItsVersion() {
        assertThat(VersionCookie.parse(VersionCookie.value(42, ID), ID)).isEqualTo(42);
        assertThat(VersionCookie.parse(VersionCookie.value(999_999_999_999_999_999L, ID), ID))
                .isEqualTo(999_999_999_999_999_999L);
    }

    @Test
    void aValueForAnotherSessionCountsAsNone() {
        assertThat(VersionCookie.parse(VersionCookie.value(42, OTHER), ID)).isZero();
        assertThat(VersionCookie.parse("ended-" + VersionCookie.value(1, OTHER).split("-")[1], ID)).isZero();
    }

    @Test
    void anEndedSessionIsNewerThanAnyCopy() {
        String ended = "ended-" + VersionCookie.value(1, ID).split("-")[1];
        assertThat(VersionCookie.parse(ended, ID)).isEqualTo(VersionCookie.ENDED_VERSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "42", "42-", "-1a2b3c4d", "4x2-1a2b3c4d", "+42-1a2b3c4d", "0x2A-1a2b3c4d",
            "1234567890123456789-1a2b3c4d", "42-1a2b3c4d-extra", "ended-", "ended",
            "0000000000000000000000000000000000000000000042-1a2b3c4d"})
    void aMalformedValueCountsAsNone(String value) {
        assertThat(VersionCookie.parse(value, ID)).as("version read from %s", value).isZero();
        assertThat(VersionCookie.parse(null, ID)).isZero();
    }
}
