/**
 * What every command-line tool shares: {@link io.sessionstores.core.tool.StoreCommandLine} turns
 * the options given into a started store, through the backend's
 * {@link io.sessionstores.core.store.StoreFactory}. The commands ({@code analysis},
 * {@code migrate}, {@code expiry}) use it; {@code cli.Main} runs them.
 */
package io.sessionstores.core.tool;
