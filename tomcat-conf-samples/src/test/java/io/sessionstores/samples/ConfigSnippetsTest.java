package io.sessionstores.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import io.sessionstores.jdbc.JdbcSessionStore;
import io.sessionstores.redis.RedisSessionStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Every {@code context.xml} an operator may copy (each ```xml block of the README and of
 * {@code docs/*.md}, and each sample's {@code context.xml}) is well-formed, and every attribute it
 * gives a {@code <Manager>}, {@code <Store>} or {@code <Valve>} of this project is one that Tomcat
 * can set on that class (a JavaBean setter): the documentation cannot drift from the code.
 */
class ConfigSnippetsTest {

    private static final Pattern XML_BLOCK = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL);
    private static final List<String> CONFIGURED = List.of("Manager", "Store", "Valve");
    private static final String MIGRATE_FROM = "migrateFrom.";
    /** Stores that take the attributes of the stores they combine (their generic setProperty). */
    private static final Map<String, List<Class<?>>> PARTS = Map.of("io.sessionstores.redis.CachedJdbcSessionStore",
            List.of(JdbcSessionStore.class, RedisSessionStore.class));

    static Stream<Arguments> snippets() throws IOException {
        Path root = Samples.moduleDir().getParent();
        List<Arguments> all = new ArrayList<>();
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        if (Files.isDirectory(root.resolve("docs"))) {
            try (Stream<Path> files = Files.list(root.resolve("docs"))) {
                files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
            }
        }
        for (Path doc : docs) {
            Matcher m = XML_BLOCK.matcher(Files.readString(doc));
            for (int n = 1; m.find(); n++) {
                if (m.group(1).contains("<Context")) {
                    all.add(Arguments.of(root.relativize(doc) + " xml block " + n, m.group(1)));
                }
            }
        }
        try (Stream<Path> samples = Files.list(Samples.moduleDir())) {
            for (Path sample : samples.map(d -> d.resolve("context.xml")).filter(Files::isRegularFile).sorted().toList()) {
                all.add(Arguments.of(root.relativize(sample).toString(), Files.readString(sample)));
            }
        }
        assertThat(all).as("context.xml snippets found").hasSizeGreaterThan(5);
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snippets")
    void namesOnlyAttributesTheClassesHave(String where, String xml) throws Exception {
        Element context = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(xml))).getDocumentElement();
        assertThat(context.getTagName()).as("root element of %s", where).isEqualTo("Context");
        for (String tag : CONFIGURED) {
            NodeList elements = context.getElementsByTagName(tag);
            for (int i = 0; i < elements.getLength(); i++) {
                Element element = (Element) elements.item(i);
                String className = element.getAttribute("className");
                if (!className.startsWith("io.sessionstores.")) {
                    continue; // Tomcat's own classes are Tomcat's to document
                }
                Class<?> type = Class.forName(className);
                NamedNodeMap attributes = element.getAttributes();
                for (int a = 0; a < attributes.getLength(); a++) {
                    String name = attributes.item(a).getNodeName();
                    if (name.equals("className")) {
                        continue;
                    }
                    boolean known;
                    if (name.startsWith(MIGRATE_FROM)) { // the store migrated from: an attribute of that class
                        known = hasSetter(Class.forName(element.getAttribute("migrateFrom")),
                                name.substring(MIGRATE_FROM.length()));
                    } else {
                        known = hasSetter(type, name)
                                || PARTS.getOrDefault(className, List.of()).stream().anyMatch(p -> hasSetter(p, name));
                    }
                    assertThat(known).as("%s: <%s className=\"%s\"> attribute %s", where, tag, className, name)
                            .isTrue();
                }
            }
        }
    }

    private static boolean hasSetter(Class<?> type, String attribute) {
        String setter = "set" + attribute.substring(0, 1).toUpperCase(Locale.ROOT) + attribute.substring(1);
        for (Method method : type.getMethods()) {
            if (method.getName().equals(setter) && method.getParameterCount() == 1) {
                return true;
            }
        }
        return false;
    }
}
