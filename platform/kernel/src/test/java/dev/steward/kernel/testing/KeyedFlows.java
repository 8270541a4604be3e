package dev.steward.kernel.testing;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowService;
import dev.steward.api.flow.FlowStatus;

/**
 * For the route tests of inbound connectors: a {@link FlowService} that keeps one flow per start key, as the kernel
 * does in the store, records every keyed start it is asked for, and can be made to fail. Anything but the keyed
 * {@code start} is refused, so a connector that starts flows without a key fails its test.
 */
public final class KeyedFlows {

    /** The flows started, by start key. */
    public final Map<String, FlowInstance> byKey = new ConcurrentHashMap<>();
    /** Every start key asked for, in order, repeats included. */
    public final List<String> startCalls = new CopyOnWriteArrayList<>();
    /** Start keys whose start fails, as if the store were unavailable. */
    public final Set<String> failing = ConcurrentHashMap.newKeySet();
    /** When set, every start throws it. */
    public volatile RuntimeException failure;
    /** The service to hand to the connector. */
    public final FlowService service = (FlowService) Proxy.newProxyInstance(FlowService.class.getClassLoader(),
            new Class<?>[] {FlowService.class}, (proxy, method, args) -> switch (method.getName()) {
                case "start" -> {
                    if (args.length != 3) {
                        throw new UnsupportedOperationException("the connector must start flows by key");
                    }
                    startCalls.add((String) args[2]);
                    if (failing.contains((String) args[2])) {
                        throw new IllegalStateException("store unavailable (scripted)");
                    }
                    RuntimeException f = failure;
                    if (f != null) {
                        throw f;
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> input = (Map<String, Object>) args[1];
                    yield byKey.computeIfAbsent((String) args[2], k -> new FlowInstance(UUID.randomUUID().toString(),
                            (String) args[0], 1, FlowStatus.RUNNING, Instant.now(), Instant.now(), input));
                }
                case "toString" -> "KeyedFlows";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName() + " is not scripted");
            });

    /** @return how often a start with this key was asked for */
    public long startsOf(String key) {
        return startCalls.stream().filter(key::equals).count();
    }
}
