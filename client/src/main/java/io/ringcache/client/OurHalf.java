package io.ringcache.client;

import io.vertx.grpc.client.GrpcClientRequest;

/**
 * Closes the client's half of a bidirectional stream once the node has ended its half. HTTP/2
 * keeps a stream open until both sides end it: a node that answers at once (UNAVAILABLE while
 * starting) would otherwise leave the stream holding a slot of its connection for good, and
 * once the connection's slots are gone the next stream to that node waits for ever.
 */
final class OurHalf {

    private OurHalf() {
    }

    static void close(GrpcClientRequest<?, ?> stream) {
        try {
            stream.end();
        } catch (IllegalStateException alreadyEnded) {
            // Ended or reset by us already (cancelled): nothing holds the slot.
        }
    }
}
