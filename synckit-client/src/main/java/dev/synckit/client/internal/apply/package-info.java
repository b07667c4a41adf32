/**
 * Applies pulled pages to app tables: one transaction per page, field-level last-writer-wins,
 * parents first. Not exported; not API.
 */
@NullMarked
package dev.synckit.client.internal.apply;

import org.jspecify.annotations.NullMarked;
