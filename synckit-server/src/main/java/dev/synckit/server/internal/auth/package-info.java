/**
 * Credentials: the API key format, generation and hashing. Keys are looked up by the SHA-256 of the secret and
 * never stored or logged in clear.
 */
@NullMarked
package dev.synckit.server.internal.auth;

import org.jspecify.annotations.NullMarked;
