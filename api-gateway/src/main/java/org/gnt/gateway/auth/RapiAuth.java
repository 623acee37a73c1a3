package org.gnt.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

import org.gnt.gateway.errors.RapiError;

/**
 * Ganeti's RAPI access rules over HTTP Basic authentication: methods open to anyone need no
 * credentials (unless {@code --require-authentication}); otherwise missing or wrong credentials
 * are 401 with the {@code Ganeti Remote API} realm, and a user lacking the needed option is 403.
 */
public final class RapiAuth {
    public static final String REALM = "Ganeti Remote API";

    private final Supplier<RapiUsers> users;
    private final boolean requireAuthentication;

    public RapiAuth(Supplier<RapiUsers> users, boolean requireAuthentication) {
        this.users = users;
        this.requireAuthentication = requireAuthentication;
    }

    /**
     * Checks a request's {@code Authorization} header (may be null) against what the method needs.
     * Returns the user when one was required and accepted, empty when none was required.
     */
    public Optional<RapiUser> check(String authorization, Access access) {
        if (access == Access.ANY && !requireAuthentication) {
            return Optional.empty();
        }
        if (authorization == null || authorization.isBlank()) {
            throw RapiError.unauthorized(REALM, "This resource needs HTTP Basic authentication");
        }
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("basic")) {
            throw RapiError.unauthorized(REALM, "Only HTTP Basic authentication is supported");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(parts[1].strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RapiError.unauthorized(REALM, "The Basic credentials are not valid base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw RapiError.unauthorized(REALM, "The Basic credentials lack a password");
        }
        String name = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        RapiUser user = users.get().get(name)
                .filter(u -> u.checkPassword(password, REALM))
                .orElseThrow(() -> RapiError.unauthorized(REALM, "Wrong user name or password"));
        if (!access.allows(user)) {
            throw RapiError.forbidden("User '" + name + "' lacks "
                    + (access == Access.WRITE ? "write" : "read") + " access");
        }
        return Optional.of(user);
    }
}
