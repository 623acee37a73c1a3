package org.gnt.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.gnt.gateway.errors.RapiError;
import org.junit.jupiter.api.Test;

class RapiAuthTest {
    private static final RapiUsers USERS = RapiUsers.parse("writer wpw write\nreader rpw read\nnobody npw\n");

    private static String basic(String user, String pw) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void openMethodsNeedNoCredentialsByDefault() {
        RapiAuth auth = new RapiAuth(() -> USERS, false);
        assertTrue(auth.check(null, Access.ANY).isEmpty());
        assertTrue(auth.check(basic("writer", "wrong"), Access.ANY).isEmpty(), "credentials are not looked at");
    }

    @Test
    void requireAuthenticationCoversReads() {
        RapiAuth auth = new RapiAuth(() -> USERS, true);
        RapiError e = assertThrows(RapiError.class, () -> auth.check(null, Access.ANY));
        assertEquals(401, e.status());
        assertEquals("Basic realm=\"Ganeti Remote API\"", e.headers().get("WWW-Authenticate"));
        assertEquals("nobody", auth.check(basic("nobody", "npw"), Access.ANY).orElseThrow().name());
    }

    @Test
    void writesNeedAWriteUser() {
        RapiAuth auth = new RapiAuth(() -> USERS, false);
        assertEquals(401, assertThrows(RapiError.class, () -> auth.check(null, Access.WRITE)).status());
        assertEquals(401, assertThrows(RapiError.class, () -> auth.check(basic("writer", "x"), Access.WRITE)).status());
        assertEquals(401, assertThrows(RapiError.class, () -> auth.check(basic("ghost", "x"), Access.WRITE)).status());
        assertEquals(401, assertThrows(RapiError.class, () -> auth.check("Bearer abc", Access.WRITE)).status());
        assertEquals(401, assertThrows(RapiError.class, () -> auth.check("Basic !!!", Access.WRITE)).status());
        RapiError forbidden = assertThrows(RapiError.class, () -> auth.check(basic("reader", "rpw"), Access.WRITE));
        assertEquals(403, forbidden.status());
        assertEquals("Forbidden", forbidden.getMessage());
        assertEquals(403, assertThrows(RapiError.class, () -> auth.check(basic("nobody", "npw"), Access.READ)).status());
        assertEquals("writer", auth.check(basic("writer", "wpw"), Access.WRITE).orElseThrow().name());
        assertEquals("reader", auth.check(basic("reader", "rpw"), Access.READ).orElseThrow().name());
    }

    @Test
    void passwordMayContainColons() {
        RapiAuth auth = new RapiAuth(() -> RapiUsers.parse("u a:b:c write\n"), false);
        assertEquals("u", auth.check(basic("u", "a:b:c"), Access.WRITE).orElseThrow().name());
    }
}
