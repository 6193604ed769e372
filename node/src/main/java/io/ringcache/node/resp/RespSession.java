package io.ringcache.node.resp;

import java.util.concurrent.TimeUnit;

/** What one RESP connection has chosen and told the node: protocol, database, name, identity. */
final class RespSession {

    private final long id;
    private final String remoteAddress;
    private final String localAddress;
    private final long createdNanos = System.nanoTime();
    private volatile boolean resp3;
    private volatile boolean authenticated;
    private volatile int database;
    private volatile String cache;
    private volatile String name = "";
    private volatile String libraryName = "";
    private volatile String libraryVersion = "";
    private volatile String lastCommand = "NULL";

    RespSession(long id, String remoteAddress, String localAddress, boolean authenticated, String defaultCache) {
        this.id = id;
        this.remoteAddress = remoteAddress;
        this.localAddress = localAddress;
        this.authenticated = authenticated;
        this.cache = defaultCache;
    }

    long id() {
        return id;
    }

    boolean resp3() {
        return resp3;
    }

    void resp3(boolean resp3) {
        this.resp3 = resp3;
    }

    boolean authenticated() {
        return authenticated;
    }

    void authenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    int database() {
        return database;
    }

    /** The named cache behind the selected database. */
    String cache() {
        return cache;
    }

    void select(int database, String cache) {
        this.database = database;
        this.cache = cache;
    }

    String name() {
        return name;
    }

    void name(String name) {
        this.name = name;
    }

    void library(String name, String version) {
        if (name != null) {
            this.libraryName = name;
        }
        if (version != null) {
            this.libraryVersion = version;
        }
    }

    void lastCommand(String command) {
        this.lastCommand = command;
    }

    /** One line as Redis's {@code CLIENT INFO} and {@code CLIENT LIST} print a client. */
    String describe() {
        long ageSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - createdNanos);
        return "id=" + id + " addr=" + remoteAddress + " laddr=" + localAddress + " fd=-1 name=" + name
                + " age=" + ageSeconds + " idle=0 flags=N db=" + database + " sub=0 psub=0 ssub=0 multi=-1"
                + " qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=0 tot-mem=0"
                + " events=r cmd=" + lastCommand + " user=default redir=-1 resp=" + (resp3 ? 3 : 2)
                + " lib-name=" + libraryName + " lib-ver=" + libraryVersion;
    }
}
