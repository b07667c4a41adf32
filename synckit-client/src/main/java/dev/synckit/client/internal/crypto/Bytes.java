package dev.synckit.client.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The byte plumbing every format in this package shares: strict unpadded base64url, lower-case hex, wiping, and
 * {@link Builder}, the unambiguous (length-prefixed) encoding of associated data and MAC inputs. One place, so that
 * two formats never disagree on how a string or a UUID becomes bytes.
 */
final class Bytes {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();
    private static final HexFormat HEX = HexFormat.of();

    private Bytes() {
    }

    static String base64url(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }

    /**
     * Decodes unpadded base64url, rejecting padding, other alphabets and non-canonical trailing bits, so that one
     * byte string has exactly one text form (a re-encoded blob compares equal to the original).
     *
     * @throws IllegalArgumentException if {@code text} is not canonical unpadded base64url
     */
    static byte[] fromBase64url(String text) {
        if (text.indexOf('=') >= 0) {
            throw new IllegalArgumentException("base64url must be unpadded");
        }
        var bytes = B64URL_DECODER.decode(text);
        if (!unusedBitsAreZero(text)) {
            throw new IllegalArgumentException("base64url is not canonical");
        }
        return bytes;
    }

    /**
     * Whether the low bits of a short last group, which the decoder ignores, are zero: 4 bits when the text ends
     * with 2 characters of a group, 2 bits with 3. After a strict unpadded decode, that is exactly "encoding the
     * bytes again gives this text", without the encoding.
     */
    private static boolean unusedBitsAreZero(String text) {
        int unused = switch (text.length() % 4) {
            case 2 -> 0b1111;
            case 3 -> 0b11;
            default -> 0;
        };
        char last = text.isEmpty() ? 'A' : text.charAt(text.length() - 1);
        int value = last == '-' ? 62 : last == '_' ? 63 : last >= 'a' ? last - 'a' + 26 : last >= 'A' ? last - 'A'
                : last - '0' + 52;
        return (value & unused) == 0;
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void wipe(byte @Nullable [] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    static void wipe(char @Nullable [] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (var p : parts) {
            length += p.length;
        }
        var out = new byte[length];
        int at = 0;
        for (var p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static Builder builder(String domain) {
        return new Builder().text(domain);
    }

    /** {@return the length prefix {@link Builder} writes before a part, for feeding the parts to a MAC one by one} */
    static byte[] lengthPrefix(byte[] part) {
        int length = part.length;
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    /** Starts a builder without a domain: for parts spliced into a byte string whose own builder began with one. */
    static Builder parts() {
        return new Builder();
    }

    /**
     * Builds a byte string from typed parts, each prefixed with its length (4 bytes, big-endian), so that no two
     * different part lists encode to the same bytes ({@code "ab","c"} differs from {@code "a","bc"}). Used for
     * associated data and for the inputs of keyed hashes. Starts with a domain string naming the purpose.
     */
    static final class Builder {
        private byte[] out = new byte[160];
        private int size;

        private Builder() {
        }

        Builder bytes(byte[] part) {
            lengthPrefix(part.length);
            System.arraycopy(part, 0, out, size, part.length);
            size += part.length;
            return this;
        }

        Builder text(String part) {
            return bytes(utf8(part));
        }

        Builder uuid(UUID id) {
            lengthPrefix(16);
            put(id.getMostSignificantBits());
            put(id.getLeastSignificantBits());
            return this;
        }

        Builder integer(long value) {
            lengthPrefix(8);
            put(value);
            return this;
        }

        byte[] build() {
            return Arrays.copyOf(out, size);
        }

        /** Writes a part's length and makes room for the part. */
        private void lengthPrefix(int length) {
            if (out.length - size < 4 + length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, size + 4 + length));
            }
            for (int shift = 24; shift >= 0; shift -= 8) {
                out[size++] = (byte) (length >>> shift);
            }
        }

        private void put(long value) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                out[size++] = (byte) (value >>> shift);
            }
        }
    }
}
