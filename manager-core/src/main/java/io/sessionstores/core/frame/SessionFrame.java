package io.sessionstores.core.frame;

import java.util.List;

/**
 * A whole session at the frame level: header, Tomcat's bookkeeping and the encoded attributes.
 *
 * @param header     the fixed header
 * @param isNew      Tomcat's {@code isNew} flag
 * @param authType   the authentication type, or {@code null}
 * @param principal  the authenticated user, or {@code null}
 * @param attributes the attributes in a stable order, each encoded by the header's codec
 */
public record SessionFrame(FrameHeader header, boolean isNew, String authType, PrincipalInfo principal,
                           List<EncodedAttribute> attributes) {
}
