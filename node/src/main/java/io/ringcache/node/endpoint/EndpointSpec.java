package io.ringcache.node.endpoint;

/**
 * What identifies an endpoint: the same five facts for every protocol, so the node's start-up,
 * shutdown, logs and published addresses treat them alike.
 *
 * @param name        the name clients look it up by, in the topology's endpoint map and in member
 *                    attributes: lower case, e.g. {@code grpc}
 * @param label       how log lines name it, e.g. {@code gRPC}
 * @param phase       when it listens, relative to the member joining
 * @param host        the configured listen host
 * @param port        the configured listen port: what the member publishes to the cluster (0 = any)
 * @param portSetting the setting that chose the port, for error messages, e.g. {@code grpc-port}
 */
public record EndpointSpec(String name, String label, Endpoint.Phase phase, String host, int port,
                           String portSetting) {

    /** The one-line start-up failure when the endpoint cannot listen: names the address and the setting. */
    public IllegalStateException cannotListen(Throwable error) {
        return cannotListen(label, host, port, portSetting, error);
    }

    /** The same one line for a listener that is not an endpoint (the Hazelcast member's port). */
    public static IllegalStateException cannotListen(String label, String host, int port, String portSetting,
                                                     Throwable error) {
        return new IllegalStateException("cannot listen for " + label + " on " + host + ":" + port + " ("
                + portSetting + "): " + error.getMessage(), error);
    }
}
