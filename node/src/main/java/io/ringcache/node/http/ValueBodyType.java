package io.ringcache.node.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/**
 * The two ways a PUT carries its value: raw bytes ({@code application/octet-stream}) or JSON
 * ({@code application/json}, the value in base64). Any other type is refused with 415 before
 * the body is read. That includes curl's default for {@code --data-binary},
 * {@code application/x-www-form-urlencoded}: taking it as raw bytes would also take
 * {@code curl -d @file}, which strips the file's newlines, so a value could be stored changed.
 */
enum ValueBodyType {
    RAW, JSON;

    private static final String OCTET_STREAM = "application/octet-stream";
    private static final String JSON_TYPE = "application/json";

    /** The type of this request's body, or null when it is neither of the two. */
    static ValueBodyType of(RoutingContext ctx) {
        String header = ctx.request().getHeader("content-type");
        if (header == null) {
            return null;
        }
        String type = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals(OCTET_STREAM)) {
            return RAW;
        }
        return type.equals(JSON_TYPE) || type.endsWith("+json") ? JSON : null;
    }

    /** Refuses any other body type with 415, saying what to send instead. */
    static Handler<RoutingContext> gate() {
        return ctx -> {
            if (of(ctx) != null) {
                ctx.next();
                return;
            }
            String header = ctx.request().getHeader("content-type");
            String sent = header == null ? "no content type" : "content type '" + header + "'";
            HttpErrors.reply(ctx, 415, "UNSUPPORTED_MEDIA_TYPE", "the value was sent with " + sent
                    + "; send raw bytes with -H 'Content-Type: " + OCTET_STREAM + "' (curl --data-binary sends "
                    + "application/x-www-form-urlencoded unless told), or JSON {\"value\": \"<base64>\"} with "
                    + "-H 'Content-Type: " + JSON_TYPE + "'");
        };
    }
}
