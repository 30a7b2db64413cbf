package io.sessionstores.core.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionstores.core.tool.UntrustedJson;

/**
 * The JSON form: every field of the report, plus its averages and compression ratio, written by
 * {@link UntrustedJson} (names read from the store escaped).
 */
final class JsonReport {

    private JsonReport() {
    }

    static String render(AnalysisReport report) {
        ObjectNode root = UntrustedJson.MAPPER.valueToTree(report);
        root.put("averageBytes", report.averageBytes());
        root.put("compressionRatio", report.compressionRatio());
        int i = 0;
        for (JsonNode key : root.get("keys")) {
            ((ObjectNode) key).put("averageBytes", report.keys().get(i++).averageBytes());
        }
        try {
            return UntrustedJson.MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report always serializes", e);
        }
    }
}
