package dev.synckit.server.internal.store.postgres;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.synckit.protocol.Device;
import dev.synckit.protocol.DeviceRegistration;
import dev.synckit.server.internal.store.ApiKeyRecord;
import dev.synckit.server.internal.store.Principal;
import dev.synckit.server.internal.store.SpaceAccess;

/** The account queries of the PostgreSQL store: users, spaces, memberships, API keys, devices. */
final class PgAccounts {

    private PgAccounts() {
    }

    /** Inside a transaction: a user, its default space and its owner membership. */
    static UUID createUser(Connection c, String name, Instant now) throws SQLException {
        var userId = UUID.randomUUID();
        var spaceId = UUID.randomUUID();
        try (var user = c.prepareStatement("INSERT INTO users (user_id, name, default_space_id, created_at) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            user.setObject(1, userId);
            user.setString(2, name);
            user.setObject(3, spaceId);
            user.setLong(4, now.toEpochMilli());
            // ON CONFLICT DO NOTHING: a concurrent create of the same name waits for the other transaction and
            // then inserts nothing, instead of failing with a unique violation.
            if (user.executeUpdate() == 0) {
                throw new IllegalArgumentException("a user named '" + name + "' already exists; user names are unique");
            }
        }
        try (var space = c.prepareStatement(
                     "INSERT INTO spaces (space_id, owner_id, head_seq, created_at) VALUES (?, ?, 0, ?)");
             var member = c.prepareStatement(
                     "INSERT INTO space_members (space_id, user_id, role) VALUES (?, ?, 'owner')")) {
            space.setObject(1, spaceId);
            space.setObject(2, userId);
            space.setLong(3, now.toEpochMilli());
            space.executeUpdate();
            member.setObject(1, spaceId);
            member.setObject(2, userId);
            member.executeUpdate();
        }
        return userId;
    }

    /** Inside a transaction. */
    static void createApiKey(Connection c, String keyId, String userName, byte[] hash, Instant now)
            throws SQLException {
        var userId = userId(c, userName);
        if (userId == null) {
            throw new IllegalArgumentException("no user named '" + userName + "'; create it first");
        }
        try (var st = c.prepareStatement(
                "INSERT INTO api_keys (key_id, user_id, secret_hash, created_at) VALUES (?, ?, ?, ?)")) {
            st.setString(1, keyId);
            st.setObject(2, userId);
            st.setBytes(3, hash);
            st.setLong(4, now.toEpochMilli());
            st.executeUpdate();
        }
    }

    static List<ApiKeyRecord> apiKeys(Connection c, @Nullable String userName) throws SQLException {
        String sql = "SELECT k.key_id, u.name, k.created_at, k.revoked_at FROM api_keys k "
                + "JOIN users u ON u.user_id = k.user_id "
                + (userName == null ? "" : "WHERE u.name = ? ")
                + "ORDER BY k.created_at, k.key_id";
        try (var st = c.prepareStatement(sql)) {
            if (userName != null) {
                st.setString(1, userName);
            }
            var out = new ArrayList<ApiKeyRecord>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    long revoked = rs.getLong(4);
                    Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
                    out.add(new ApiKeyRecord(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                            revokedAt));
                }
            }
            return out;
        }
    }

    static boolean revokeApiKey(Connection c, String keyId, Instant now) throws SQLException {
        try (var st = c.prepareStatement(
                "UPDATE api_keys SET revoked_at = ? WHERE key_id = ? AND revoked_at IS NULL")) {
            st.setLong(1, now.toEpochMilli());
            st.setString(2, keyId);
            return st.executeUpdate() == 1;
        }
    }

    static Optional<Principal> authenticate(Connection c, byte[] hash) throws SQLException {
        try (var st = c.prepareStatement("SELECT k.key_id, k.secret_hash, u.user_id, u.name, u.default_space_id "
                + "FROM api_keys k JOIN users u ON u.user_id = k.user_id "
                + "WHERE k.secret_hash = ? AND k.revoked_at IS NULL")) {
            st.setBytes(1, hash);
            try (var rs = st.executeQuery()) {
                // The index lookup finds the row by hash; compare again in constant time before trusting it.
                if (!rs.next() || !MessageDigest.isEqual(rs.getBytes(2), hash)) {
                    return Optional.empty();
                }
                return Optional.of(new Principal(rs.getObject(3, UUID.class), rs.getString(4),
                        rs.getObject(5, UUID.class), rs.getString(1)));
            }
        }
    }

    /** Inside a transaction. */
    static Device registerDevice(Connection c, UUID userId, DeviceRegistration registration, Instant now)
            throws SQLException {
        var device = new Device(UUID.randomUUID(), registration.hostname(), registration.platform(),
                Instant.ofEpochMilli(now.toEpochMilli()));
        try (var st = c.prepareStatement(
                "INSERT INTO devices (device_id, user_id, hostname, platform, created_at) VALUES (?, ?, ?, ?, ?)")) {
            st.setObject(1, device.deviceId());
            st.setObject(2, userId);
            st.setString(3, device.hostname());
            st.setString(4, device.platform());
            st.setLong(5, device.createdAt().toEpochMilli());
            st.executeUpdate();
        }
        return device;
    }

    static List<Device> devices(Connection c, UUID userId) throws SQLException {
        try (var st = c.prepareStatement("SELECT device_id, hostname, platform, created_at FROM devices "
                + "WHERE user_id = ? ORDER BY created_at, registered")) {
            st.setObject(1, userId);
            var out = new ArrayList<Device>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Device(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
            return out;
        }
    }

    static SpaceAccess access(Connection c, UUID spaceId, UUID userId) throws SQLException {
        try (var st = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM spaces WHERE space_id = ?), "
                + "EXISTS (SELECT 1 FROM space_members WHERE space_id = ? AND user_id = ?)")) {
            st.setObject(1, spaceId);
            st.setObject(2, spaceId);
            st.setObject(3, userId);
            try (var rs = st.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return SpaceAccess.NO_SUCH_SPACE;
                }
                return rs.getBoolean(2) ? SpaceAccess.READ_WRITE : SpaceAccess.DENIED;
            }
        }
    }

    private static @Nullable UUID userId(Connection c, String name) throws SQLException {
        try (var st = c.prepareStatement("SELECT user_id FROM users WHERE name = ?")) {
            st.setString(1, name);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        }
    }
}
