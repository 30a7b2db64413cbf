package io.sessionstores.core.deploycheck;

import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sessionstores.core.support.LogText;
import io.sessionstores.core.tool.UntrustedJson;

/**
 * How a deploy check's report is written: {@code text} (default) or {@code json}. Attribute names,
 * class names and codec messages come from the store: the text escapes them ({@link LogText}), the
 * JSON writes them with {@link UntrustedJson}, as the size analysis' reports do.
 */
public enum DeployCheckFormat {
    /** Lines for a terminal or a deploy log, the verdict last. */
    TEXT {
        @Override
        String render(DeployCheckReport r) {
            StringBuilder out = new StringBuilder();
            line(out, "Deploy check of " + LogText.escape(r.app()) + " with " + LogText.escape(r.war()));
            line(out, "Checked " + r.checked() + " sessions (" + (r.sampleLimit() == Long.MAX_VALUE ? "all live sessions"
                    : "the first " + r.sampleLimit() + " live sessions in store order") + ") of " + r.storedSessions()
                    + " stored; expired, skipped: " + r.expired());
            line(out, "Attributes checked: " + r.attributesChecked());
            line(out, "Sessions that would lose attributes: " + r.sessionsLosingAttributes());
            line(out, "Sessions that would not be read at all (their users logged out): " + r.unreadableSessions());
            if (!r.drops().isEmpty()) {
                line(out, "Attributes that would be dropped (sessions, reason, attribute, class):");
                for (DeployCheckReport.Drop d : r.drops()) {
                    line(out, String.format(Locale.ROOT, "    %6d  %-28s %s  %s", d.sessions(), d.reason().text(),
                            LogText.escape(d.attribute()), d.className().isEmpty() ? "-" : LogText.escape(d.className())));
                    line(out, "            " + LogText.safe(d.example()));
                }
            }
            if (r.omittedDrops() > 0) {
                line(out, "    ... and " + r.omittedDrops() + " more dropped attributes of other names (over "
                        + DeployCheck.MAX_ROWS + " rows)");
            }
            if (!r.unreadable().isEmpty()) {
                line(out, "Unreadable sessions by reason:");
                r.unreadable().forEach((why, count) -> line(out, "    " + LogText.escape(why) + ": " + count));
            }
            line(out, r.safe() ? "SAFE: the " + r.checked() + " checked sessions read whole with this version."
                    : "NOT SAFE: " + (r.sessionsLosingAttributes() + r.unreadableSessions()) + " of " + r.checked()
                    + " checked sessions would lose attributes or be logged out with this version.");
            line(out, "Took " + r.durationMillis() + " ms.");
            return out.toString();
        }
    },
    /** Every field of the report, plus {@code safe}. */
    JSON {
        @Override
        String render(DeployCheckReport r) {
            ObjectNode root = UntrustedJson.MAPPER.valueToTree(r);
            root.put("safe", r.safe());
            if (r.sampleLimit() == Long.MAX_VALUE) {
                root.put("sampleLimit", "all");
            }
            try {
                return UntrustedJson.MAPPER.writeValueAsString(root) + "\n";
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a report always serializes", e);
            }
        }
    };

    /** {@code report} in this format. */
    abstract String render(DeployCheckReport report);

    private static void line(StringBuilder out, String text) {
        out.append(text).append('\n');
    }
}
