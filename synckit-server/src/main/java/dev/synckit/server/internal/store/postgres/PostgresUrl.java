package dev.synckit.server.internal.store.postgres;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;

/**
 * A validated PostgreSQL location: the JDBC URL the pool connects to, the credentials kept apart from it, and a
 * display form without the password for logs and messages.
 *
 * <p>Two input forms are accepted:
 * <ul>
 *   <li>libpq's URI form {@code postgresql://user:password@host:port/database?param=value} (also
 *       {@code postgres://}); user and password are percent-decoded and taken out of the URL;</li>
 *   <li>the JDBC form {@code jdbc:postgresql://host:port/database?user=…&password=…}, used as it is.</li>
 * </ul>
 * Query parameters are passed to the PostgreSQL JDBC driver as connection properties ({@code sslmode},
 * {@code currentSchema}, …). {@link #toString()} never contains the password.
 *
 * @param jdbcUrl the JDBC URL; in the JDBC input form it may carry a {@code password} parameter, so never log it
 * @param user the user from the URI form's user info, or null (then the JDBC URL or the driver's default applies)
 * @param password the password from the URI form's user info, or null
 * @param display {@code postgresql://user@host:port/database}, without password or parameters
 */
public record PostgresUrl(String jdbcUrl, @Nullable String user, @Nullable String password, String display) {

    private static final String JDBC_PREFIX = "jdbc:postgresql:";
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final String FORMS = "postgresql://user:password@host:5432/database or "
            + "jdbc:postgresql://host:5432/database?user=...&password=...";

    /** Validates the components. */
    public PostgresUrl {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(display, "display");
    }

    /**
     * Parses and validates a database URL.
     *
     * @param url {@code postgresql://…}, {@code postgres://…} or {@code jdbc:postgresql://…}
     * @return the validated location
     * @throws IllegalArgumentException if the URL is not one of the accepted forms; the message never repeats the
     *         URL, which may hold a password
     */
    public static PostgresUrl parse(String url) {
        Objects.requireNonNull(url, "databaseUrl");
        String trimmed = url.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            return fromUri(trimmed.substring(trimmed.indexOf("://") + 3));
        }
        if (lower.startsWith(JDBC_PREFIX)) {
            return fromJdbc(trimmed);
        }
        int colon = trimmed.indexOf(':');
        String scheme = colon > 0 && colon < 20 ? "'" + trimmed.substring(0, colon) + ":' " : "";
        throw new IllegalArgumentException("databaseUrl must be a PostgreSQL URL (" + FORMS + "); the given "
                + scheme + "URL is neither (leave it unset for the embedded SQLite store)");
    }

    private static PostgresUrl fromUri(String rest) {
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        String beforeQuery = q < 0 ? rest : rest.substring(0, q);
        int slash = beforeQuery.indexOf('/');
        String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
        String database = slash < 0 ? "" : decode(beforeQuery.substring(slash + 1), "database name");
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String info = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon), "user name");
            password = colon < 0 ? null : decode(info.substring(colon + 1), "password");
            if (user.isEmpty()) {
                user = null;
            }
        }
        checkHosts(authority, "postgresql://");
        if (database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException("databaseUrl must name one database after the host, as in "
                    + "postgresql://user:password@host:5432/synckit");
        }
        String jdbc = "jdbc:postgresql://" + authority + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8)
                .replace("+", "%20") + (query.isEmpty() ? "" : "?" + query);
        var props = driverProperties(jdbc);
        return new PostgresUrl(jdbc, user, password, display(props, user));
    }

    private static PostgresUrl fromJdbc(String url) {
        String rest = url.substring(JDBC_PREFIX.length());
        if (!rest.startsWith("//")) {
            throw new IllegalArgumentException("databaseUrl in JDBC form must name a host, as in "
                    + "jdbc:postgresql://host:5432/database");
        }
        String afterSlashes = rest.substring(2);
        int end = indexOfAny(afterSlashes, "/?");
        String authority = end < 0 ? afterSlashes : afterSlashes.substring(0, end);
        if (authority.contains("@")) {
            throw new IllegalArgumentException("databaseUrl: a jdbc:postgresql URL takes the credentials as parameters "
                    + "(?user=...&password=...), not as user:password@host; or use postgresql://user:password@host/db");
        }
        checkHosts(authority, "jdbc:postgresql://");
        var props = driverProperties(url);
        if (props.getProperty("PGDBNAME", "").isEmpty()) {
            throw new IllegalArgumentException("databaseUrl must name a database, as in "
                    + "jdbc:postgresql://host:5432/synckit");
        }
        return new PostgresUrl(url, null, null, display(props, props.getProperty("user")));
    }

    /** Checks {@code host[:port][,host[:port]…]} before the driver sees it: its warnings would print the text. */
    private static void checkHosts(String authority, String form) {
        if (authority.isEmpty()) {
            throw new IllegalArgumentException("databaseUrl must name a host, as in " + form + "db.example.org:5432/"
                    + "synckit (Unix-domain sockets are not supported)");
        }
        for (String host : authority.split(",", -1)) {
            int close = host.lastIndexOf(']');
            int colon = host.lastIndexOf(':');
            boolean hasPort = colon > close && (close >= 0 || host.indexOf(':') == colon);
            String name = hasPort ? host.substring(0, colon) : host;
            if (name.isEmpty() || name.chars().anyMatch(ch -> ch <= ' ' || ch == '/' || ch == '@')) {
                throw new IllegalArgumentException("databaseUrl has an empty or malformed host; expected " + FORMS);
            }
            if (hasPort) {
                String port = host.substring(colon + 1);
                if (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
                    throw new IllegalArgumentException("databaseUrl has a port that is not a number within "
                            + "1..65535");
                }
            }
        }
    }

    private static Properties driverProperties(String jdbcUrl) {
        Properties props;
        try {
            props = Driver.parseURL(jdbcUrl, new Properties());
        } catch (RuntimeException e) {
            props = null;
        }
        if (props == null) {
            throw new IllegalArgumentException("databaseUrl is not a valid PostgreSQL URL; expected " + FORMS);
        }
        return props;
    }

    private static String display(Properties props, @Nullable String user) {
        String[] hosts = props.getProperty("PGHOST", "").split(",");
        String[] ports = props.getProperty("PGPORT", "").split(",");
        var parts = new ArrayList<String>(hosts.length);
        for (int i = 0; i < hosts.length; i++) {
            parts.add(i < ports.length && !ports[i].isEmpty() ? hosts[i] + ":" + ports[i] : hosts[i]);
        }
        return "postgresql://" + (user == null ? "" : user + "@") + String.join(",", parts) + "/"
                + props.getProperty("PGDBNAME", "");
    }

    private static String decode(String text, String what) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("databaseUrl has a malformed percent-escape in its " + what, null);
        }
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Returns the display form, which never contains the password. */
    @Override
    public String toString() {
        return display;
    }
}
