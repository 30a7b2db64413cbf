/**
 * The stored record of a session: one binary frame, the same bytes in every store.
 *
 * <p>{@link io.sessionstores.core.frame.FrameWriter} encodes a
 * {@link io.sessionstores.core.frame.SessionFrame} (its javadoc documents the byte layout),
 * {@link io.sessionstores.core.frame.FrameReader} decodes one, verifying the CRC32C or HMAC
 * before parsing and refusing anything truncated, oversized or inconsistent with a
 * {@link io.sessionstores.core.frame.CorruptFrameException}. The fixed header
 * ({@link io.sessionstores.core.frame.FrameFormat}) keeps the expiry at a fixed offset so a store
 * can read or patch it ({@link io.sessionstores.core.frame.FrameFormat#withTimes}) without
 * decoding; the attribute index lets tools measure attributes
 * ({@link io.sessionstores.core.frame.FrameReader#index}) without decompressing or loading any class.
 */
package io.sessionstores.core.frame;
