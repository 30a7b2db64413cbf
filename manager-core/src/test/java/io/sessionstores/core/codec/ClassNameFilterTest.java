package io.sessionstores.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class ClassNameFilterTest {

    private final ClassNameFilter jdk = ClassNameFilter.jdkValueTypesAnd(null);

    @Test
    void wholeNameMustMatch() {
        ClassNameFilter filter = ClassNameFilter.of("com\\.example\\.Cart");
        assertThat(filter.allows("com.example.Cart")).isTrue();
        assertThat(filter.allows("com.example.CartX")).isFalse();
        assertThat(filter.allows("xcom.example.Cart")).isFalse();
        assertThat(filter.allows("")).isFalse();
        assertThat(filter.allows((String) null)).isFalse();
    }

    @Test
    void arraysAreJudgedByTheirElementType() {
        assertThat(jdk.allows("[Ljava.lang.String;")).isTrue();
        assertThat(jdk.allows("[[Ljava.lang.Long;")).isTrue();
        assertThat(jdk.allows("[I")).isTrue();
        assertThat(jdk.allows("[[J")).isTrue();
        assertThat(jdk.allows("[Ljava.util.PriorityQueue;")).isFalse();
        assertThat(jdk.allows("[X")).isFalse();
        assertThat(jdk.allows("[L;")).isFalse();
        assertThat(jdk.allows(String[][].class)).isTrue();
        assertThat(jdk.allows(byte[].class)).isTrue();
        assertThat(jdk.allows(Thread[].class)).isFalse();
    }

    @Test
    void jdkValueTypesCoverValuesButNotGadgets() {
        assertThat(jdk.allows("java.lang.Long")).isTrue();
        assertThat(jdk.allows("java.lang.Number")).isTrue();
        assertThat(jdk.allows("java.util.HashMap")).isTrue();
        assertThat(jdk.allows("java.util.ImmutableCollections$ListN")).isTrue();
        assertThat(jdk.allows("java.util.CollSer")).isTrue();
        assertThat(jdk.allows("java.time.Ser")).isTrue();
        assertThat(jdk.allows("java.util.Collections$UnmodifiableRandomAccessList")).isTrue();
        assertThat(jdk.allows("java.util.PriorityQueue")).isFalse();
        assertThat(jdk.allows("java.lang.invoke.SerializedLambda")).isFalse();
        assertThat(jdk.allows("java.lang.reflect.Proxy")).isFalse();
        assertThat(jdk.allows("javax.management.BadAttributeValueExpException")).isFalse();
        assertThat(jdk.allows("org.apache.commons.collections.functors.InvokerTransformer")).isFalse();
        assertThat(jdk.allows("com.example.Cart")).isFalse();
    }

    @Test
    void extraRegexIsAddedAsAnAlternative() {
        ClassNameFilter app = ClassNameFilter.jdkValueTypesAnd("com\\.example\\..*");
        assertThat(app.allows("com.example.Cart")).isTrue();
        assertThat(app.allows("java.lang.String")).isTrue();
        assertThat(app.allows("com.other.Cart")).isFalse();
        assertThat(ClassNameFilter.jdkValueTypesAnd("  ").pattern()).isEqualTo(ClassNameFilter.JDK_VALUE_TYPES);
    }

    @Test
    void alternationInTheExtraRegexCannotSwallowTheDefault() {
        ClassNameFilter app = ClassNameFilter.jdkValueTypesAnd("a|b");
        assertThat(app.allows("a")).isTrue();
        assertThat(app.allows("b")).isTrue();
        assertThat(app.allows("java.lang.Integer")).isTrue();
    }

    @Test
    void badRegexIsReportedAtConstruction() {
        assertThatThrownBy(() -> ClassNameFilter.jdkValueTypesAnd("com.example.(")).isInstanceOf(
                PatternSyntaxException.class);
    }

    @Test
    void decisionsStayCorrectPastTheCacheLimit() {
        for (int i = 0; i < 10_000; i++) {
            assertThat(jdk.allows("com.example.C" + i)).isFalse();
        }
        assertThat(jdk.allows("java.lang.String")).isTrue();
    }
}
