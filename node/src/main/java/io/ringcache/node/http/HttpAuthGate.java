package io.ringcache.node.http;

import io.ringcache.node.cache.CacheError;
import io.ringcache.node.security.BearerAuth;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Guards the HTTP data API: the bearer token when one is configured (401 otherwise), and with
 * mutual TLS a verified client certificate (403 otherwise; the HTTP port only requests one, so
 * that health checks without a certificate still connect).
 */
final class HttpAuthGate implements Handler<RoutingContext> {

    private final BearerAuth auth;
    private final boolean clientCertificateRequired;

    HttpAuthGate(BearerAuth auth, boolean clientCertificateRequired) {
        this.auth = auth;
        this.clientCertificateRequired = clientCertificateRequired;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (clientCertificateRequired && !presentedCertificate(ctx)) {
            HttpErrors.reply(ctx, CacheError.PERMISSION_DENIED, "this API needs a client certificate");
            return;
        }
        if (!auth.allows(ctx.request().getHeader("authorization"))) {
            ctx.response().putHeader("www-authenticate", "Bearer");
            HttpErrors.reply(ctx, CacheError.UNAUTHENTICATED, "missing or wrong bearer token in the authorization header");
            return;
        }
        ctx.next();
    }

    private static boolean presentedCertificate(RoutingContext ctx) {
        try {
            // The TLS layer has already verified any certificate presented against the client CA.
            return ctx.request().connection().sslSession() != null
                    && ctx.request().connection().sslSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }
}
