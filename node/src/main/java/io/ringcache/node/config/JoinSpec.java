package io.ringcache.node.config;

import java.util.ArrayList;
import java.util.List;

/**
 * How a node finds the other members, parsed from the {@code join} setting.
 *
 * @param mode    alone, a static member list, or a DNS name
 * @param members for {@link Mode#STATIC}: the members' {@code host:port} addresses
 * @param dnsName for {@link Mode#DNS}: the name whose addresses are the members
 * @param dnsPort for {@link Mode#DNS}: the member port at every address
 */
public record JoinSpec(Mode mode, List<String> members, String dnsName, int dnsPort) {

    /** The ways of joining. */
    public enum Mode { ALONE, STATIC, DNS }

    public JoinSpec {
        members = List.copyOf(members);
    }

    /**
     * Parses {@code ""}, {@code host[:port],...} or {@code dns:NAME[:port]}; a missing port is
     * {@code defaultPort}.
     */
    public static JoinSpec parse(String text, int defaultPort) {
        String value = text == null ? "" : text.trim();
        if (value.isEmpty()) {
            return new JoinSpec(Mode.ALONE, List.of(), null, 0);
        }
        if (value.startsWith("dns:")) {
            String target = value.substring("dns:".length());
            HostPort hostPort = HostPort.parse(target, defaultPort, value);
            return new JoinSpec(Mode.DNS, List.of(), hostPort.host(), hostPort.port());
        }
        List<String> members = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                HostPort hostPort = HostPort.parse(part.trim(), defaultPort, value);
                members.add(hostPort.host() + ":" + hostPort.port());
            }
        }
        if (members.isEmpty()) {
            throw new ConfigException("join: '" + value + "' names no member");
        }
        return new JoinSpec(Mode.STATIC, members, null, 0);
    }

    private record HostPort(String host, int port) {
        static HostPort parse(String text, int defaultPort, String whole) {
            int colon = text.lastIndexOf(':');
            if (text.isEmpty() || colon == 0) {
                throw new ConfigException("join: no host in '" + whole + "'");
            }
            if (colon < 0) {
                return new HostPort(text, defaultPort);
            }
            String portText = text.substring(colon + 1);
            try {
                int port = Integer.parseInt(portText);
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new HostPort(text.substring(0, colon), port);
            } catch (NumberFormatException e) {
                throw new ConfigException("join: '" + portText + "' in '" + whole + "' is not a port (1-65535)");
            }
        }
    }
}
