package dev.steward.policy.budget;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The budget this node holds, in memory: per scope, what the store allotted to it and is not spent, what the steps
 * in flight here reserved of that, and what was spent or is to be given back since the last flush. A reservation is
 * decided here under one lock, without a store round trip; the store is asked for more only when a limited scope's
 * allotment runs short ({@link BudgetLedger#allot}). Since the store never allots more than a limit leaves free, and
 * a step reserves only from what its node holds, steps on any number of nodes never pass a limit together.
 */
final class Allotments {

    /**
     * A limited scope short of budget for a step: how much more this node needs of it, and how much it has left; a
     * flow's budget is not allotted by the store, so only the store's scopes can be asked for more.
     */
    record Short(String scope, long limitMicros, long needMicros, boolean ofFlow, long leftMicros) {

        Short(String scope, long limitMicros, long needMicros) {
            this(scope, limitMicros, needMicros, false, 0);
        }
    }

    /** What a flush writes for one scope: spend to add, and allotment given back (spent out of it, or unused). */
    record Delta(String scope, long limitMicros, long spentMicros, long releaseMicros) {

        Map<String, Object> row() {
            return Map.of("id", scope, "limit", limitMicros, "spent", spentMicros, "release", releaseMicros);
        }
    }

    private static final class Local {
        long limit;
        long granted; // allotted to this node by the store and not spent
        long reserved; // of granted, held by steps in flight here
        long spent; // to add to the scope's spend at the next flush
        long release; // to take off this node's allotment at the next flush
        long usedAt;
        long grantedAt;

        Local(long limit) {
            this.limit = limit;
        }

        boolean empty() {
            return granted == 0 && reserved == 0 && spent == 0 && release == 0;
        }
    }

    private record Held(long amount, List<Limits.Scope> scopes, List<String> limited) {
    }

    private final Map<String, Local> scopes = new HashMap<>();
    private final Map<String, Held> held = new HashMap<>();

    /**
     * Reserves {@code amount} on every limited scope, all or none. Returns nothing when it is reserved (now, or before
     * under the same key), else the scopes short of it. A scope whose limit changed gives its unreserved allotment
     * back first, so a lowered limit applies to the next reservation.
     */
    synchronized List<Short> reserve(String key, List<Limits.Scope> in, long amount, long now) {
        if (held.containsKey(key)) {
            return List.of();
        }
        List<Short> shorts = new ArrayList<>();
        List<String> limited = new ArrayList<>();
        for (Limits.Scope s : in) {
            if (s.ofFlow()) { // the kernel counts the flow's spend and its steps in flight
                long left = s.limitMicros() - s.flowCommittedMicros();
                if (s.limitMicros() != Limits.NONE && amount > left) {
                    shorts.add(new Short(s.id(), s.limitMicros(), amount - left, true, Math.max(0, left)));
                }
                continue;
            }
            Local l = local(s.id(), s.limitMicros());
            if (l.limit != s.limitMicros()) {
                l.release += l.granted - l.reserved;
                l.granted = l.reserved;
                l.limit = s.limitMicros();
            }
            if (s.limitMicros() == Limits.NONE) {
                continue;
            }
            limited.add(s.id());
            long missing = l.reserved + amount - l.granted;
            if (missing > 0) {
                shorts.add(new Short(s.id(), s.limitMicros(), missing));
            }
        }
        if (!shorts.isEmpty()) {
            return shorts;
        }
        for (String id : limited) {
            scopes.get(id).reserved += amount;
        }
        in.stream().filter(s -> !s.ofFlow()).forEach(s -> scopes.get(s.id()).usedAt = now);
        held.put(key, new Held(amount, List.copyOf(in), List.copyOf(limited)));
        return List.of();
    }

    /** Adds what the store allotted to this node. */
    synchronized void granted(String scope, long limit, long micros, long now) {
        Local l = local(scope, limit);
        l.granted += micros;
        l.grantedAt = now;
        l.usedAt = now;
    }

    /** What this node can still reserve of a scope: allotted here, not reserved. */
    synchronized long available(String scope) {
        Local l = scopes.get(scope);
        return l == null ? 0 : Math.max(0, l.granted - l.reserved);
    }

    /**
     * Ends the reservation under {@code key}: {@code spent} is charged to its scopes, out of their allotment up to what
     * was reserved (more is charged over it). A key with no reservation here (approved over budget, or reserved before a
     * restart) is charged to {@code scopes} directly.
     */
    synchronized void settle(String key, List<Limits.Scope> scopes, long spent, long now) {
        Held h = held.remove(key);
        if (h == null) {
            scopes.stream().filter(s -> !s.ofFlow()).forEach(s -> local(s.id(), s.limitMicros()).spent += spent);
            return;
        }
        long covered = Math.min(spent, h.amount());
        for (Limits.Scope s : h.scopes()) {
            if (s.ofFlow()) {
                continue; // the flow's journal keeps what it spent
            }
            Local l = local(s.id(), s.limitMicros());
            l.usedAt = now;
            l.spent += spent;
            if (h.limited().contains(s.id())) {
                l.reserved -= h.amount();
                l.granted -= covered;
                l.release += covered;
            }
        }
    }

    /**
     * Takes what the next flush writes: the spend, the allotment spent, and the unreserved allotment of scopes idle for
     * {@code idleMillis} (of all scopes when {@code idleMillis} is 0: the node stops). A reservation still in flight
     * stays allotted. Scopes with nothing left are forgotten.
     */
    synchronized List<Delta> drain(long now, long idleMillis) {
        List<Delta> deltas = new ArrayList<>();
        for (Iterator<Map.Entry<String, Local>> it = scopes.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Local> e = it.next();
            Local l = e.getValue();
            boolean idle = now - l.usedAt >= idleMillis;
            if (idle && l.granted > l.reserved) {
                l.release += l.granted - l.reserved;
                l.granted = l.reserved;
            }
            if (l.spent != 0 || l.release != 0) {
                deltas.add(new Delta(e.getKey(), l.limit, l.spent, l.release));
                l.spent = 0;
                l.release = 0;
            }
            if (idle && l.empty()) {
                it.remove();
            }
        }
        return deltas;
    }

    /** Puts back what a flush could not write, for the next one. */
    synchronized void restore(List<Delta> deltas) {
        for (Delta d : deltas) {
            Local l = local(d.scope(), d.limitMicros());
            l.spent += d.spentMicros();
            l.release += d.releaseMicros();
        }
    }

    /** The scopes this node holds an allotment of, granted before {@code before}. */
    synchronized Set<String> allottedBefore(long before) {
        Set<String> ids = new TreeSet<>();
        scopes.forEach((id, l) -> {
            if (l.granted > 0 && l.grantedAt < before) {
                ids.add(id);
            }
        });
        return ids;
    }

    /**
     * The store no longer holds these allotments for this node (another node counted them as spent after this one did
     * not renew them in time): what is not reserved of them is gone; steps in flight settle as before.
     */
    synchronized void lost(Set<String> ids) {
        for (String id : ids) {
            Local l = scopes.get(id);
            if (l != null) {
                l.granted = l.reserved;
            }
        }
    }

    private Local local(String id, long limit) {
        return scopes.computeIfAbsent(id, k -> new Local(limit));
    }
}
