package dev.synckit.client.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import dev.synckit.client.CryptoException;

class KeyWrapperTest {

    private final KeyWrapper wrapper = new KeyWrapper(new SecureRandom(), Argon2Params.TESTING);

    @Test
    void thePasswordUnwrapsTheKeyItWrapped() {
        var setup = wrapper.setup(chars("correct horse"));

        var unwrapped = wrapper.unwrap(KeyBlob.parse(setup.blob().toJson()), chars("correct horse"));

        assertThat(unwrapped.sameKeyAs(setup.masterKey())).isTrue();
    }

    @Test
    void aWrongPasswordIsATypedErrorAndChangesNothing() {
        var setup = wrapper.setup(chars("correct horse"));
        var before = setup.blob().toJson();

        assertReason(() -> wrapper.unwrap(setup.blob(), chars("correct h0rse")), CryptoException.Reason.WRONG_PASSWORD);
        assertReason(() -> wrapper.changePassword(setup.blob(), chars("wrong"), chars("new")),
                CryptoException.Reason.WRONG_PASSWORD);
        assertThat(setup.blob().toJson()).isEqualTo(before);
    }

    @Test
    void afterAPasswordChangeTheOldPasswordFailsAndTheNewOneUnwrapsTheSameKey() {
        var setup = wrapper.setup(chars("old password"));

        var changed = wrapper.changePassword(setup.blob(), chars("old password"), chars("new password"));

        assertReason(() -> wrapper.unwrap(changed, chars("old password")), CryptoException.Reason.WRONG_PASSWORD);
        assertThat(wrapper.unwrap(changed, chars("new password")).sameKeyAs(setup.masterKey())).isTrue();
        assertThat(changed.keyCheck()).isEqualTo(setup.blob().keyCheck());
    }

    @Test
    void aPasswordChangeKeepsTheRecoveryKeyWorking() {
        var setup = wrapper.setup(chars("old password"));

        var changed = wrapper.changePassword(setup.blob(), chars("old password"), chars("new password"));

        assertThat(wrapper.unwrapWithRecoveryKey(changed, setup.recoveryKey()).sameKeyAs(setup.masterKey())).isTrue();
    }

    @Test
    void theRecoveryKeyUnwrapsTheKeyAndReplacesAForgottenPassword() {
        var setup = wrapper.setup(chars("forgotten"));
        var typed = RecoveryKey.parse(setup.recoveryKey().toDisplayString());

        var reset = wrapper.resetPassword(setup.blob(), typed, chars("remembered"));

        assertThat(wrapper.unwrap(reset, chars("remembered")).sameKeyAs(setup.masterKey())).isTrue();
        assertReason(() -> wrapper.unwrap(reset, chars("forgotten")), CryptoException.Reason.WRONG_PASSWORD);
        assertThat(wrapper.unwrapWithRecoveryKey(reset, typed).sameKeyAs(setup.masterKey())).isTrue();
    }

    @Test
    void aWrongRecoveryKeyIsATypedError() {
        var setup = wrapper.setup(chars("pw"));
        var other = RecoveryKey.generate(new SecureRandom());

        assertReason(() -> wrapper.unwrapWithRecoveryKey(setup.blob(), other),
                CryptoException.Reason.WRONG_RECOVERY_KEY);
        assertReason(() -> wrapper.resetPassword(setup.blob(), other, chars("new")),
                CryptoException.Reason.WRONG_RECOVERY_KEY);
    }

    @Test
    void replacingTheRecoveryKeyRetiresTheOldOne() {
        var setup = wrapper.setup(chars("pw"));

        var rotation = wrapper.replaceRecoveryKey(setup.blob(), chars("pw"));

        assertReason(() -> wrapper.unwrapWithRecoveryKey(rotation.blob(), setup.recoveryKey()),
                CryptoException.Reason.WRONG_RECOVERY_KEY);
        assertThat(wrapper.unwrapWithRecoveryKey(rotation.blob(), rotation.recoveryKey())
                .sameKeyAs(setup.masterKey())).isTrue();
        assertThat(wrapper.unwrap(rotation.blob(), chars("pw")).sameKeyAs(setup.masterKey())).isTrue();
    }

    @Test
    void aModifiedCiphertextIsRejected() {
        var json = wrapper.setup(chars("pw")).blob().toJson();
        var blob = KeyBlob.parse(json);
        blob.password().ciphertext()[5] ^= 1;

        assertReason(() -> wrapper.unwrap(blob, chars("pw")), CryptoException.Reason.WRONG_PASSWORD);
    }

    @Test
    void loweredArgon2ParametersInTheStoredBlobAreRejected() {
        var wrapperAt128 = new KeyWrapper(new SecureRandom(), new Argon2Params(128, 1, 1));
        var json = wrapperAt128.setup(chars("pw")).blob().toJson();

        var downgraded = KeyBlob.parse(json.replace("\"memory_kib\":128", "\"memory_kib\":64"));

        assertReason(() -> wrapper.unwrap(downgraded, chars("pw")), CryptoException.Reason.WRONG_PASSWORD);
    }

    @Test
    void aModifiedKeyCheckIsReportedAsAnInvalidBlob() {
        var setup = wrapper.setup(chars("pw"));
        var check = setup.blob().keyCheck().clone();
        check[0] ^= 1;
        var blob = new KeyBlob(check, setup.blob().password(), setup.blob().recovery());

        assertReason(() -> wrapper.unwrap(blob, chars("pw")), CryptoException.Reason.INVALID_KEY_BLOB);
    }

    @Test
    void aWrappingGraftedFromAnotherAccountsBlobIsCaughtByTheKeyCheck() {
        var mine = wrapper.setup(chars("pw"));
        var theirs = wrapper.setup(chars("pw"));
        var grafted = new KeyBlob(mine.blob().keyCheck(), mine.blob().password(), theirs.blob().recovery());

        assertReason(() -> wrapper.unwrapWithRecoveryKey(grafted, theirs.recoveryKey()),
                CryptoException.Reason.INVALID_KEY_BLOB);
    }

    @Test
    void aBlobWithoutRecoveryWrappingRefusesRecovery() {
        var setup = wrapper.setup(chars("pw"));
        var blob = new KeyBlob(setup.blob().keyCheck(), setup.blob().password(), null);

        assertReason(() -> wrapper.unwrapWithRecoveryKey(blob, setup.recoveryKey()),
                CryptoException.Reason.WRONG_RECOVERY_KEY);
        assertThat(KeyBlob.parse(blob.toJson()).recovery()).isNull();
    }

    @Test
    void theCallersPasswordIsNotWiped() {
        var password = chars("pw");

        wrapper.setup(password);

        assertThat(new String(password)).isEqualTo("pw");
    }

    @Test
    void errorMessagesCarryNoSecrets() {
        var setup = wrapper.setup(chars("hunter2-password"));

        assertThatThrownBy(() -> wrapper.unwrap(setup.blob(), chars("hunter3-password")))
                .hasMessageNotContaining("hunter").hasNoCause();
    }

    private static char[] chars(String s) {
        return s.toCharArray();
    }

    private static void assertReason(ThrowingCallable call, CryptoException.Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CryptoException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
