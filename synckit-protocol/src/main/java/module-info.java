/**
 * SyncKit wire protocol: the records exchanged between {@code synckit-client} and {@code synckit-server},
 * their JSON codec, the hybrid logical clock and the error codes.
 */
module dev.synckit.protocol {
    requires transitive tools.jackson.databind;
    requires transitive com.fasterxml.jackson.annotation;
    requires static org.jspecify;

    exports dev.synckit.protocol;

    opens dev.synckit.protocol to tools.jackson.databind;
}
