package org.gnt.gateway.rapi;

import io.vertx.core.Future;

/**
 * One RAPI method of one resource. The result is sent as JSON with status 200: a
 * {@link io.vertx.core.buffer.Buffer} is taken as JSON already serialised, anything else is
 * written by Jackson. A failure (a {@link org.gnt.gateway.errors.RapiError} or other) becomes
 * Ganeti's error body.
 */
@FunctionalInterface
public interface RapiHandler {
    Future<?> handle(RapiRequest request) throws Exception;
}
