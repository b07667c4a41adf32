package dev.synckit.client.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.synckit.protocol.ProtocolJson;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

class FlatJsonTest {

    /** The properties the scanner found, name → value text; null if it declined the text. */
    private static Map<String, String> scan(String text) {
        var spans = FlatJson.newSpans();
        int n = FlatJson.scan(text, spans);
        if (n < 0) {
            return null;
        }
        var out = new LinkedHashMap<String, String>();
        for (int i = 0; i < n; i++) {
            int at = i * FlatJson.SPAN;
            out.put(text.substring(spans[at], spans[at + 1]), text.substring(spans[at + 2], spans[at + 3]));
        }
        return out;
    }

    @Test
    void acceptsWhatSqliteJsonObjectWritesAndFindsTheExactValueTexts() throws Exception {
        var texts = new ArrayList<String>();
        try (var c = DriverManager.getConnection("jdbc:sqlite::memory:"); var st = c.createStatement();
             var rs = st.executeQuery("SELECT json_object('title', 'say \"hi\"\\' || char(10) || char(9)"
                     + " || '\u00e9\u2603',"
                     + " 'done', 1, 'n', -42, 'ratio', 0.25, 'big', 1e300, 'note', NULL, 'empty', '', 'neg', -0.5e-7),"
                     + " json_object()")) {
            rs.next();
            texts.add(rs.getString(1));
            texts.add(rs.getString(2));
        }

        var found = scan(texts.getFirst());

        assertThat(found).isNotNull().containsOnlyKeys("title", "done", "n", "ratio", "big", "note", "empty", "neg");
        var tree = ProtocolJson.mapper().readTree(texts.getFirst());
        found.forEach((name, value) -> assertThat(ProtocolJson.mapper().readTree(value)).as(name)
                .isEqualTo(tree.get(name)));
        assertThat(scan(texts.get(1))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{ \"a\":1}", "{\"a\": 1}", "{\"a\":{\"b\":1}}", "{\"a\":[1]}", "{\"a b\":1}", "{\"\\u0061\":1}",
        "[1]", "", "{", "{}x", "{\"a\":1,}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":-}",
        "{\"a\":tru}", "{\"a\":nul}", "{\"a\":\"x}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"\t\"}",
        "{\"a\":1}}", "{\"a\"1}", "{\"\":1}", "{\"a\":'x'}", "{\"a\":NaN}", "{\"a\":+1}",
    })
    void declinesEverythingElseAndNeverAcceptsWhatAParserRejects(String text) {
        assertThat(scan(text)).isNull();
        // Declining is always safe: the caller then parses. Accepting must imply a parser agrees.
    }

    @Test
    void everyAcceptedTextParsesToTheSameProperties() {
        var candidates = List.of("{\"a\":1}", "{\"a\":-0,\"b\":0.0,\"c\":1E+2,\"d\":2e-3}", "{\"s\":\"\\\"\\\\\\/\\b\\f\\n"
                + "\\r\\t\\u00e9\"}", "{\"t\":true,\"f\":false,\"n\":null}", "{\"x\":\"\u00e9\u2603\uD83D\uDE00\"}");
        for (var text : candidates) {
            var found = scan(text);
            assertThat(found).as(text).isNotNull();
            JsonNode tree;
            try {
                tree = ProtocolJson.mapper().readTree(text);
            } catch (JacksonException e) {
                throw new AssertionError("accepted but not JSON: " + text, e);
            }
            assertThat(found.keySet()).containsExactlyElementsOf(tree.propertyNames());
            found.forEach((name, value) -> assertThat(ProtocolJson.mapper().readTree(value))
                    .isEqualTo(tree.get(name)));
        }
    }
}
