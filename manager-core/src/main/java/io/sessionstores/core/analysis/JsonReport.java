package io.sessionstores.core.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON form: every field of the report, plus its averages and compression ratio. */
final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    static String render(AnalysisReport report) {
        ObjectNode root = MAPPER.valueToTree(report);
        root.put("averageBytes", report.averageBytes());
        root.put("compressionRatio", report.compressionRatio());
        int i = 0;
        for (JsonNode key : root.get("keys")) {
            ((ObjectNode) key).put("averageBytes", report.keys().get(i++).averageBytes());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report always serializes", e);
        }
    }
}
