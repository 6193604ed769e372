package io.ringcache.client;

/** What the cluster tests read from inside the client (same package, so nothing is made public for them). */
public final class ClientInternals {

    private ClientInternals() {
    }

    /** Calls the client sent on Pipeline streams; 0 when it does not pipeline. */
    public static long pipelinedCalls(RingcacheClient client) {
        return ((DefaultRingcacheClient) client).transport() instanceof PipeliningTransport pipelines
                ? pipelines.pipelinedCalls() : 0;
    }

    /** Pipeline streams the client opened, reopened ones included. */
    public static long pipelineStreamsOpened(RingcacheClient client) {
        return ((DefaultRingcacheClient) client).transport() instanceof PipeliningTransport pipelines
                ? pipelines.streamsOpened() : 0;
    }
}
