package io.sessionstores.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typical session contents, the same for the frame size figures ({@code FrameSizeTest}) and the
 * JMH frame benchmark ({@code benchmarks/FrameBenchmark}): a small, a medium (~2 KB) and a large
 * (~50 KB) session, as attribute name to value.
 */
public final class SampleSessions {

    private SampleSessions() {
    }

    /** A user id, a name, a locale, a cart of 3 items, a timestamp. */
    public static Map<String, Object> small() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("userId", 1_234_567L);
        attributes.put("userName", "Alice Martin");
        attributes.put("locale", Locale.FRANCE.toLanguageTag());
        attributes.put("cart", new ArrayList<>(List.of("SKU-10442", "SKU-20981", "SKU-31077")));
        attributes.put("lastSeen", 1_763_766_000_000L);
        return attributes;
    }

    /** About 2 KB of typical attribute values: profile, preferences, cart lines, recently viewed. */
    public static Map<String, Object> medium() {
        Map<String, Object> attributes = small();
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("email", "alice.martin@example.com");
        profile.put("firstName", "Alice");
        profile.put("lastName", "Martin");
        profile.put("city", "Lyon");
        profile.put("loyaltyTier", "gold");
        attributes.put("profile", profile);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", "SKU-" + (10_000 + 731 * i));
            line.put("quantity", 1 + i % 3);
            line.put("unitPriceCents", 1_999L + 250L * i);
            line.put("title", "Product number " + i + " in the catalogue");
            lines.add(line);
        }
        attributes.put("cartLines", lines);
        List<String> viewed = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            viewed.add("/catalogue/category-" + (i % 4) + "/product-" + (5_000 + 17 * i));
        }
        attributes.put("recentlyViewed", viewed);
        attributes.put("csrfToken", "3f9c1e0b7a5d4c2e8f6a1b3c5d7e9f0a");
        return attributes;
    }


    /** About 50 KB: the medium session and a catalogue of 650 lines (compresses to about a quarter). */
    public static Map<String, Object> large() {
        Map<String, Object> attributes = medium();
        List<String> catalogue = new ArrayList<>();
        for (int i = 0; i < 650; i++) {
            catalogue.add("product " + i + ": " + (i * 7919 % 10_007) + " in stock, shipped from warehouse "
                    + (i % 13) + ", reviewed " + (i * 31 % 997) + " times");
        }
        attributes.put("catalogue", catalogue);
        return attributes;
    }
}
