package org.gnt.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One line of the RAPI users file: a name, a password as written (plain, {@code {cleartext}...}
 * or {@code {HA1}<md5 hex of user:realm:password>}) and the options ({@code write}, {@code read}).
 */
public record RapiUser(String name, String password, Set<String> options) {
    public static final String WRITE = "write";
    public static final String READ = "read";

    public RapiUser {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(password, "password is null");
        options = Set.copyOf(options);
    }

    public boolean canWrite() {
        return options.contains(WRITE);
    }

    /** {@code write} implies {@code read}. */
    public boolean canRead() {
        return options.contains(READ) || canWrite();
    }

    /** Whether {@code given} is this user's password; an unknown scheme never matches. */
    public boolean checkPassword(String given, String realm) {
        String scheme = "";
        String stored = password;
        if (password.startsWith("{")) {
            int end = password.indexOf('}');
            if (end < 0) {
                return false;
            }
            scheme = password.substring(1, end).toLowerCase(Locale.ROOT);
            stored = password.substring(end + 1);
        }
        return switch (scheme) {
            case "", "cleartext" -> constantTimeEquals(stored, given);
            case "ha1" -> constantTimeEquals(stored.toLowerCase(Locale.ROOT), ha1(name, realm, given));
            default -> false;
        };
    }

    /** The hex MD5 of {@code user:realm:password} (RFC 2617 HA1), as {@code {HA1}} passwords store it. */
    public static String ha1(String user, String realm, String password) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            byte[] d = md5.digest((user + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks MD5", e);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
