/**
 * The engine's tables in the app's SQLite file: installer, capture triggers, changelog, clocks,
 * stamping. Not exported; not API.
 */
@NullMarked
package dev.synckit.client.internal.store;

import org.jspecify.annotations.NullMarked;
