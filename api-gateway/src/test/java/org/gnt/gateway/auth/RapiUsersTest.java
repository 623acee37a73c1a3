package org.gnt.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RapiUsersTest {
    private static final String REALM = "Ganeti Remote API";

    private static String md5Hex(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static RapiUser user(RapiUsers users, String name) {
        return users.get(name).orElseThrow(() -> new AssertionError("no user " + name));
    }

    @Test
    void plainPasswordWithoutOptionsReadsButDoesNotWrite() {
        RapiUsers users = RapiUsers.parse("jack abc123\n");
        RapiUser jack = user(users, "jack");
        assertTrue(jack.checkPassword("abc123", REALM));
        assertFalse(jack.checkPassword("abc124", REALM));
        assertFalse(jack.checkPassword("", REALM));
        assertFalse(jack.canWrite());
        assertTrue(users.warnings().isEmpty());
    }

    @Test
    void cleartextSchemeIsStrippedAndCaseInsensitive() {
        RapiUsers users = RapiUsers.parse("fred {cleartext}foo555\nbob {CLEARTEXT}{braces}\n");
        assertTrue(user(users, "fred").checkPassword("foo555", REALM));
        assertFalse(user(users, "fred").checkPassword("{cleartext}foo555", REALM));
        assertTrue(user(users, "bob").checkPassword("{braces}", REALM));
    }

    @Test
    void ha1HashIsMd5OfUserRealmPassword() throws Exception {
        String hash = md5Hex("jessica:" + REALM + ":s3cret");
        RapiUsers users = RapiUsers.parse("jessica {HA1}" + hash + " write\nupper {ha1}"
                + md5Hex("upper:" + REALM + ":pw").toUpperCase() + "\n");
        RapiUser jessica = user(users, "jessica");
        assertTrue(jessica.checkPassword("s3cret", REALM));
        assertFalse(jessica.checkPassword("s3cret ", REALM));
        assertFalse(jessica.checkPassword(hash, REALM), "the hash itself is not the password");
        assertFalse(jessica.checkPassword("s3cret", "Other realm"));
        assertTrue(user(users, "upper").checkPassword("pw", REALM), "hex digits in either case");
        assertEquals(hash, RapiUser.ha1("jessica", REALM, "s3cret"));
    }

    @Test
    void unknownSchemeNeverMatches() {
        RapiUsers users = RapiUsers.parse("x {sha1}abcdef\ny {unterminated\n");
        assertFalse(user(users, "x").checkPassword("abcdef", REALM));
        assertFalse(user(users, "x").checkPassword("{sha1}abcdef", REALM));
        assertFalse(user(users, "y").checkPassword("{unterminated", REALM));
    }

    @Test
    void optionsGiveReadAndWriteAccess() {
        RapiUsers users = RapiUsers.parse("""
                autocreator xyz789 write
                monitoring pw read
                superuser pw read,write
                plain pw
                """);
        assertTrue(user(users, "autocreator").canWrite());
        assertTrue(user(users, "autocreator").canRead(), "write implies read");
        assertFalse(user(users, "monitoring").canWrite());
        assertTrue(user(users, "monitoring").canRead());
        assertEquals(Set.of("read", "write"), user(users, "superuser").options());
        assertTrue(user(users, "superuser").canWrite());
        assertFalse(user(users, "plain").canRead());
        assertTrue(Access.ANY.allows(user(users, "plain")));
        assertFalse(Access.READ.allows(user(users, "plain")));
        assertTrue(Access.READ.allows(user(users, "monitoring")));
        assertFalse(Access.WRITE.allows(user(users, "monitoring")));
    }

    @Test
    void commentsAndBlankLinesAreSkipped() {
        RapiUsers users = RapiUsers.parse("""
                # Give Jack read-only access
                   # indented comment
                
                jack abc123
                \t
                """);
        assertEquals(Set.of("jack"), users.users().keySet());
        assertTrue(users.warnings().isEmpty(), users.warnings().toString());
    }

    @Test
    void badLinesAreIgnoredWithAWarning() {
        RapiUsers users = RapiUsers.parse("""
                lonely
                good pw write
                too many fields here
                odd pw write,admin
                """);
        assertEquals(Set.of("good", "odd"), users.users().keySet());
        assertEquals(3, users.warnings().size(), users.warnings().toString());
        assertTrue(users.warnings().get(0).startsWith("line 1"));
        assertTrue(users.warnings().get(1).startsWith("line 3"));
        assertTrue(users.warnings().get(2).contains("admin"));
        assertTrue(user(users, "odd").canWrite());
    }

    @Test
    void laterLineForSameUserWins() {
        RapiUsers users = RapiUsers.parse("a one\na two write\n");
        assertTrue(user(users, "a").checkPassword("two", REALM));
        assertTrue(user(users, "a").canWrite());
    }

    @Test
    void windowsLineEndings() {
        RapiUsers users = RapiUsers.parse("a pw write\r\nb pw\r\n");
        assertTrue(user(users, "a").checkPassword("pw", REALM));
        assertTrue(user(users, "a").canWrite());
        assertTrue(user(users, "b").checkPassword("pw", REALM));
    }

    @Test
    void fileIsReloadedWhenItChanges(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("users");
        RapiUsersFile file = new RapiUsersFile(f);
        assertTrue(file.get().users().isEmpty(), "a missing file means no users");
        Files.writeString(f, "a pw\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(60)));
        assertTrue(file.refresh());
        assertTrue(file.get().get("a").isPresent());
        assertFalse(file.refresh(), "unchanged file is not re-read");
        Files.writeString(f, "a pw write\nb pw\n");
        Files.setLastModifiedTime(f, FileTime.from(Instant.now()));
        assertTrue(file.refresh());
        assertTrue(file.get().get("a").orElseThrow().canWrite());
        assertTrue(file.get().get("b").isPresent());
        Files.delete(f);
        assertTrue(file.refresh());
        assertTrue(file.get().users().isEmpty());
    }
}
