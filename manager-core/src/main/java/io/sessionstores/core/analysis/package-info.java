/**
 * Session size analysis: what takes the space in the stored sessions. One engine
 * ({@link io.sessionstores.core.analysis.SessionAnalyzer}) walks a store through its scan or looks
 * up a list of ids, measures every session from its frame's attribute index (no application class
 * is loaded, no value is decoded) and builds an
 * {@link io.sessionstores.core.analysis.AnalysisReport}, rendered as text, JSON or HTML. The JMX
 * MBean ({@link io.sessionstores.core.analysis.SessionAnalyzerMBean}) and the command line
 * ({@link io.sessionstores.core.analysis.AnalyzeCommand}) both drive it.
 *
 * <h2>What "size" means</h2>
 * A session's size is its <em>raw size</em>: the length of its frame with the attribute section
 * uncompressed (the {@code raw_bytes} column; what the session weighs before LZ4). An attribute's
 * size is what it takes in that frame: its index entry (name and lengths) plus its encoded value.
 * The session's own fields (44-byte header, isNew, authType, principal, counts and the check
 * trailer) are its <em>overhead</em>. So, for every session and for the totals,
 * {@code size = overhead + sum of its attributes' sizes}, to the byte. The stored size (what the
 * store keeps, compressed) is reported beside it.
 */
package io.sessionstores.core.analysis;
