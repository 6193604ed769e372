package io.ringcache.client;

import io.ringcache.proto.KeySlots;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Which node gets a key: its slot's owner in the current topology, unless that node was just
 * found unreachable, in which case another member (or a seed) gets it and routes it inside the
 * cluster. Lock-free: the topology is an immutable snapshot behind an atomic reference.
 */
final class Router {

    private final List<String> seeds;
    private final AtomicReference<ClientTopology> topology = new AtomicReference<>(ClientTopology.EMPTY);
    /** Address -> nanoTime until which it is avoided; cleared by time, or when it leaves the topology. */
    private final Map<String, Long> avoidedUntil = new ConcurrentHashMap<>();
    private final AtomicInteger nextSeed = new AtomicInteger();
    private final LongSupplier nanoClock;
    private final long avoidNanos;

    Router(List<String> seeds, LongSupplier nanoClock, long avoidNanos) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("at least one seed address is needed");
        }
        this.seeds = List.copyOf(seeds);
        this.nanoClock = nanoClock;
        this.avoidNanos = avoidNanos;
    }

    ClientTopology topology() {
        return topology.get();
    }

    /** Routes by {@code next} from now on; members it no longer lists are forgotten. */
    void update(ClientTopology next) {
        topology.set(next);
        avoidedUntil.keySet().removeIf(address -> !next.addresses().contains(address) && !seeds.contains(address));
    }

    /** The node just failed to answer (unreachable or unavailable): send its keys elsewhere for a while. */
    void avoid(String address) {
        avoidedUntil.put(address, nanoClock.getAsLong() + avoidNanos);
    }

    boolean avoided(String address) {
        if (avoidedUntil.isEmpty()) {
            return false; // the usual case, on every call's path: skip the lookup
        }
        Long until = avoidedUntil.get(address);
        if (until == null) {
            return false;
        }
        if (nanoClock.getAsLong() - until >= 0) {
            avoidedUntil.remove(address, until);
            return false;
        }
        return true;
    }

    String addressOf(byte[] key) {
        return addressOfSlot(KeySlots.slot(key));
    }

    String addressOfSlot(int slot) {
        ClientTopology current = topology.get();
        String owner = current.ownerAddress(slot);
        if (owner != null && !avoided(owner)) {
            return owner;
        }
        // Any other node routes the key to its owner; spread the fallback by slot.
        List<String> members = current.addresses();
        for (int i = 0; i < members.size(); i++) {
            String member = members.get(Math.floorMod(slot + i, members.size()));
            if (!avoided(member)) {
                return member;
            }
        }
        return anySeed(owner);
    }

    /** A node for calls about no key (Topology): a member, else a seed, preferring reachable ones. */
    String anyAddress() {
        return addressOfSlot(Math.floorMod(nextSeed.getAndIncrement(), KeySlots.COUNT));
    }

    /** Candidates for the topology stream, in the order to try them: members, then seeds. */
    List<String> watchCandidates() {
        List<String> candidates = new ArrayList<>(topology.get().addresses());
        for (String seed : seeds) {
            if (!candidates.contains(seed)) {
                candidates.add(seed);
            }
        }
        List<String> reachable = candidates.stream().filter(address -> !avoided(address)).toList();
        return reachable.isEmpty() ? candidates : reachable;
    }

    private String anySeed(String otherwise) {
        for (int i = 0; i < seeds.size(); i++) {
            String seed = seeds.get(Math.floorMod(nextSeed.getAndIncrement(), seeds.size()));
            if (!avoided(seed)) {
                return seed;
            }
        }
        return otherwise != null ? otherwise : seeds.get(0);
    }

    /**
     * The indexes of {@code keys} grouped by the node each goes to, in order of first
     * appearance; every key's slot is computed once.
     */
    Map<String, List<Integer>> split(List<byte[]> keys) {
        Map<String, List<Integer>> parts = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            parts.computeIfAbsent(addressOf(keys.get(i)), address -> new ArrayList<>()).add(i);
        }
        return parts;
    }
}
