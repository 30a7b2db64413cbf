/**
 * Small helpers with no knowledge of sessions, shared by the Manager, the tools and the store
 * backends: rate-limited logging, text safe for a log line, one background worker at a time, JMX
 * registration beside a Manager. Part of what a backend may use (with {@code store},
 * {@code frame}, {@code codec} and {@code config}); depends on nothing else of core.
 */
package io.sessionstores.core.support;
