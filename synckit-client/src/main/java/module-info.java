/**
 * The SyncKit client SDK: {@link dev.synckit.client.SyncKitClient} talks to a SyncKit server,
 * {@link dev.synckit.client.SyncEngine} keeps an application's SQLite file in sync through it.
 */
module dev.synckit.client {
    requires transitive dev.synckit.protocol;
    requires transitive java.net.http;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires org.slf4j;
    requires org.bouncycastle.provider;
    requires static transitive org.jspecify;

    exports dev.synckit.client;
}
