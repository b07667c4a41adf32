package dev.synckit.client.internal.crypto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.synckit.client.SecretStore;

/**
 * The Windows Credential Manager: generic credentials named {@code synckit:<app>:<name>}, written and read through
 * the Win32 credential API ({@code CredWriteW}, {@code CredReadW}, {@code CredDeleteW}) from a PowerShell script.
 *
 * <p>{@code cmdkey} would need the secret as an argument, so it is not used. PowerShell gets a fixed bootstrap as
 * its only argument; the script itself, secret included (base64), arrives on standard input. The script answers on
 * standard output with one line: {@code OK}, {@code FOUND <base64>}, {@code ABSENT} or {@code DELETED}; a failure
 * is a PowerShell error (non-zero exit, message on stderr). The credential blob holds the raw secret bytes
 * ({@code CRED_PERSIST_LOCAL_MACHINE}: it stays on this machine and does not roam).
 */
final class CredentialManagerStore implements SecretStore {

    static final List<String> BOOTSTRAP = List.of("-NoLogo", "-NoProfile", "-NonInteractive",
            "-ExecutionPolicy", "Bypass", "-Command",
            "$s = [Console]::In.ReadToEnd(); & ([scriptblock]::Create($s))");

    private static final String API = """
            $ErrorActionPreference = 'Stop'
            Add-Type -TypeDefinition @'
            using System;
            using System.ComponentModel;
            using System.Runtime.InteropServices;
            public static class SyncKitCred {
                [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
                struct CREDENTIAL {
                    public int Flags; public int Type; public string TargetName; public string Comment;
                    public long LastWritten; public int CredentialBlobSize; public IntPtr CredentialBlob;
                    public int Persist; public int AttributeCount; public IntPtr Attributes;
                    public string TargetAlias; public string UserName;
                }
                [DllImport("advapi32.dll", EntryPoint = "CredWriteW", CharSet = CharSet.Unicode, SetLastError = true)]
                static extern bool CredWrite(ref CREDENTIAL credential, int flags);
                [DllImport("advapi32.dll", EntryPoint = "CredReadW", CharSet = CharSet.Unicode, SetLastError = true)]
                static extern bool CredRead(string target, int type, int flags, out IntPtr credential);
                [DllImport("advapi32.dll", EntryPoint = "CredDeleteW", CharSet = CharSet.Unicode, SetLastError = true)]
                static extern bool CredDelete(string target, int type, int flags);
                [DllImport("advapi32.dll")]
                static extern void CredFree(IntPtr buffer);
                const int GENERIC = 1, LOCAL_MACHINE = 2, NOT_FOUND = 1168;
                public static void Write(string target, string user, byte[] secret) {
                    var c = new CREDENTIAL();
                    c.Type = GENERIC; c.TargetName = target; c.UserName = user; c.Persist = LOCAL_MACHINE;
                    c.CredentialBlobSize = secret.Length;
                    c.CredentialBlob = Marshal.AllocHGlobal(secret.Length);
                    try {
                        Marshal.Copy(secret, 0, c.CredentialBlob, secret.Length);
                        if (!CredWrite(ref c, 0)) throw new Win32Exception(Marshal.GetLastWin32Error());
                    } finally {
                        for (int i = 0; i < secret.Length; i++) Marshal.WriteByte(c.CredentialBlob, i, 0);
                        Marshal.FreeHGlobal(c.CredentialBlob);
                    }
                }
                public static byte[] Read(string target) {
                    IntPtr p;
                    if (!CredRead(target, GENERIC, 0, out p)) {
                        int e = Marshal.GetLastWin32Error();
                        if (e == NOT_FOUND) return null;
                        throw new Win32Exception(e);
                    }
                    try {
                        var c = (CREDENTIAL) Marshal.PtrToStructure(p, typeof(CREDENTIAL));
                        var secret = new byte[c.CredentialBlobSize];
                        Marshal.Copy(c.CredentialBlob, secret, 0, secret.Length);
                        return secret;
                    } finally {
                        CredFree(p);
                    }
                }
                public static bool Delete(string target) {
                    if (CredDelete(target, GENERIC, 0)) return true;
                    int e = Marshal.GetLastWin32Error();
                    if (e == NOT_FOUND) return false;
                    throw new Win32Exception(e);
                }
            }
            '@
            """;

    private final String tool;
    private final String service;
    private final CommandRunner runner;

    CredentialManagerStore(String tool, String service, CommandRunner runner) {
        this.tool = tool;
        this.service = service;
        this.runner = runner;
    }

    @Override
    public void store(String name, byte[] secret) {
        SecretStores.checkName(name);
        SecretStores.checkSecret(secret);
        var encoded = SecretStores.base64(secret);
        // The secret sits alone on the first line after the API, so an error in the call quotes only the call.
        var script = Bytes.concat(ascii(API + "$secret = [Convert]::FromBase64String('"), encoded,
                ascii("')\n[SyncKitCred]::Write('" + target(name) + "', '" + name + "', $secret)\n'OK'\n"));
        try {
            var result = run(script);
            if (result.exitCode() != 0 || !answer(result).equals("OK")) {
                throw SecretStores.storeFailure("Credential Manager write", result);
            }
        } finally {
            Bytes.wipe(encoded);
            Bytes.wipe(script);
        }
    }

    @Override
    public Optional<byte[]> load(String name) {
        SecretStores.checkName(name);
        var result = run(ascii(API + "$b = [SyncKitCred]::Read('" + target(name) + "')\n"
                + "if ($null -eq $b) { 'ABSENT' } else { 'FOUND ' + [Convert]::ToBase64String($b) }\n"));
        try {
            var found = ascii("FOUND ");
            var out = result.stdout();
            if (result.exitCode() == 0 && out.length > found.length
                    && Arrays.equals(out, 0, found.length, found, 0, found.length)) {
                // Decoded from the bytes, not through a String, so that every copy of the secret can be wiped.
                var encoded = Arrays.copyOfRange(out, found.length, out.length);
                try {
                    return Optional.of(SecretStores.fromBase64(encoded, "Credential Manager read"));
                } finally {
                    Bytes.wipe(encoded);
                }
            }
            if (result.exitCode() == 0 && answer(result).equals("ABSENT")) {
                return Optional.empty();
            }
            throw SecretStores.failure("Credential Manager read", result);
        } finally {
            Bytes.wipe(result.stdout());
        }
    }

    @Override
    public boolean delete(String name) {
        SecretStores.checkName(name);
        var result = run(ascii(API + "if ([SyncKitCred]::Delete('" + target(name) + "')) { 'DELETED' } "
                + "else { 'ABSENT' }\n"));
        var text = answer(result);
        if (result.exitCode() == 0 && (text.equals("DELETED") || text.equals("ABSENT"))) {
            return text.equals("DELETED");
        }
        throw SecretStores.failure("Credential Manager delete", result);
    }

    @Override
    public String toString() {
        return "Windows Credential Manager, targets synckit:" + service + ":*";
    }

    private String target(String name) {
        // Names and the service are [A-Za-z0-9._-]: nothing to escape inside a single-quoted PowerShell string.
        return "synckit:" + service + ":" + name;
    }

    private CommandRunner.Result run(byte[] script) {
        var command = new ArrayList<String>();
        command.add(tool);
        command.addAll(BOOTSTRAP);
        return SecretStores.run(runner, command, script);
    }

    private static String answer(CommandRunner.Result result) {
        return new String(result.stdout(), StandardCharsets.US_ASCII).strip();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
