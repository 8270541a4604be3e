package dev.steward.connector.file;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.steward.api.flow.FlowInstance;
import dev.steward.api.flow.FlowService;

/** The real kernel as a process going down sees it: the first starts go through, then every call fails. */
final class CrashingFlows {

    private CrashingFlows() {
    }

    static FlowService after(FlowService kernel, int startsBeforeCrash, AtomicInteger starts, AtomicBoolean crashed,
            List<String> started) {
        return (FlowService) Proxy.newProxyInstance(FlowService.class.getClassLoader(), new Class<?>[] {FlowService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("start") && starts.incrementAndGet() > startsBeforeCrash) {
                        crashed.set(true);
                        throw new IllegalStateException("the process is going down");
                    }
                    try {
                        Object result = method.invoke(kernel, args);
                        if (result instanceof FlowInstance flow) {
                            started.add(flow.id());
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
