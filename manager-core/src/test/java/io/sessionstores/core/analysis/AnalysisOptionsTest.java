package io.sessionstores.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import io.sessionstores.core.config.ConfigException;
import org.junit.jupiter.api.Test;

class AnalysisOptionsTest {

    @Test
    void idsAreReadOnePerLineOrSeparatedAndDeduplicated() {
        List<String> ids = AnalysisOptions.parseIds("# comment\nA1\n\n  B2 , C3\tD4\r\nA1\n");

        assertThat(ids).containsExactly("A1", "B2", "C3", "D4", "A1");
        assertThat(AnalysisOptions.ids(ids).ids()).containsExactly("A1", "B2", "C3", "D4");
    }

    @Test
    void badValuesNameTheOption() {
        assertThatThrownBy(() -> new AnalysisOptions(-1, null, 10, Duration.ZERO)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("biggerThan");
        assertThatThrownBy(() -> new AnalysisOptions(0, null, 0, Duration.ZERO)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> new AnalysisOptions(0, null, 10, Duration.ofHours(1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("pauseMillis");
    }
}
