package dev.synckit.server.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void newSecretsAreDistinctAndWellFormed() {
        var a = ApiKeys.newSecret();
        var b = ApiKeys.newSecret();

        assertThat(a).isNotEqualTo(b).matches("sk_[A-Za-z0-9_-]{43}");
        assertThat(ApiKeys.secretFromAuthorization("Bearer " + a)).contains(a);
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        var secret = ApiKeys.newSecret();

        assertThat(ApiKeys.secretFromAuthorization("bearer " + secret)).contains(secret);
        assertThat(ApiKeys.secretFromAuthorization("BEARER  " + secret)).contains(secret);
    }

    @Test
    void malformedAuthorizationHeadersYieldNoSecret() {
        var secret = ApiKeys.newSecret();

        assertThat(ApiKeys.secretFromAuthorization(secret)).isEmpty();
        assertThat(ApiKeys.secretFromAuthorization("Basic " + secret)).isEmpty();
        assertThat(ApiKeys.secretFromAuthorization("Bearer sk_short")).isEmpty();
        assertThat(ApiKeys.secretFromAuthorization("Bearer " + secret + "x")).isEmpty();
        assertThat(ApiKeys.secretFromAuthorization("Bearer " + secret + " extra")).isEmpty();
        assertThat(ApiKeys.secretFromAuthorization("Bearer")).isEmpty();
    }

    @Test
    void theHashIsSha256OfTheSecret() {
        assertThat(ApiKeys.hash("abc")).hasSize(32)
                .isEqualTo(java.util.HexFormat.of()
                        .parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }
}
