package dev.synckit.server.internal.store;

/**
 * What a principal may do with a space. Today every member may read and write; roles come with sharing.
 */
public enum SpaceAccess {
    /** No space has this id. */
    NO_SUCH_SPACE,
    /** The space exists and the user is not a member. */
    DENIED,
    /** The user is a member and may pull and push. */
    READ_WRITE
}
