/**
 * The HTTP implementation of {@code SyncKitClient} over {@code java.net.http}. Not exported; not API.
 */
@NullMarked
package dev.synckit.client.internal.transport;

import org.jspecify.annotations.NullMarked;
